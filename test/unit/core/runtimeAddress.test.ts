import assert from 'node:assert/strict';
import { runtimeTarget } from '../../../src/core/runtimeAddress';

suite('runtime server address', () => {
  test('loopback addresses are this machine, in every form the SDK reads', () => {
    for (const url of [
      '3000',
      'localhost:3000',
      'LocalHost:3000',
      ':3000',
      '127.0.0.1:3000',
      '127.255.10.2:3000',
      'http://127.0.0.1:3000',
      'https://localhost:3000/',
      '[::1]:3000',
      '[0:0:0:0:0:0:0:1]:3000',
      '[::ffff:127.0.0.1]:3000',
      ' 127.0.0.1:3000 ',
    ]) {
      assert.equal(runtimeTarget(url).loopback, true, url);
    }
  });

  test('any other host crosses the network, including names and numbers that only look local', () => {
    for (const [url, host] of [
      ['192.0.2.1:3000', '192.0.2.1'],
      ['10.255.255.1:3000', '10.255.255.1'],
      ['https://runtime.example.com:443', 'runtime.example.com'],
      ['dev-box:3000', 'dev-box'],
      ['127.0.0.1.evil.example:3000', '127.0.0.1.evil.example'],
      ['localhost.evil.example:3000', 'localhost.evil.example'],
      ['127.0.0.256:3000', '127.0.0.256'],
      ['127.1:3000', '127.1'],
      ['0.0.0.0:3000', '0.0.0.0'],
      ['127.0.0.1@evil.example:3000', '127.0.0.1@evil.example'],
      ['[2001:db8::1]:3000', '2001:db8::1'],
      ['[::ffff:192.0.2.1]:3000', '::ffff:192.0.2.1'],
    ]) {
      assert.deepEqual(runtimeTarget(url), { host, loopback: false }, url);
    }
  });

  test('an address the SDK cannot read is not trusted either', () => {
    assert.deepEqual(runtimeTarget('evil.example:3000@127.0.0.1:80'), { host: 'evil.example:3000@127.0.0.1:80', loopback: false });
    assert.equal(runtimeTarget('[not-ipv6]:3000').loopback, false);
    assert.equal(runtimeTarget('[fe80::1%eth0]:3000').loopback, false);
  });
});
