import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveAppRequest } from '../../../src-main/electron/serve';
import { CONTENT_SECURITY_POLICY } from '../../../src-main/security/csp';

let dir: string;
let root: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'clinic-serve-'));
  root = path.join(dir, 'renderer');
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Clinic Office</title>');
  writeFileSync(path.join(root, 'assets', 'index-1.js'), 'console.log(1)');
  writeFileSync(path.join(dir, 'secret.txt'), 'outside the renderer');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const get = (url: string, method = 'GET') => serveAppRequest({ method, url }, root);

describe('serveAppRequest', () => {
  it('serves index.html with the CSP', async () => {
    const response = await get('app://app/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>Clinic Office</title>');
  });

  it('serves assets with their type', async () => {
    const response = await get('app://app/assets/index-1.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await response.text()).toBe('console.log(1)');
  });

  it('answers HEAD without a body', async () => {
    const response = await get('app://app/assets/index-1.js', 'HEAD');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });

  it('serves index.html for client-side routes', async () => {
    expect(await (await get('app://app/patients/123')).text()).toContain('Clinic Office');
  });

  it('answers 404 for missing files and refused paths, with the CSP and without saying why', async () => {
    for (const url of ['app://app/assets/missing.js', 'app://app/..%2fsecret.txt', 'app://app/..%5csecret.txt', 'app://evil/index.html']) {
      const response = await get(url);
      expect(response.status, url).toBe(404);
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(await response.text()).toBe('Not found');
    }
  });

  it('refuses methods other than GET and HEAD', async () => {
    const response = await get('app://app/index.html', 'POST');
    expect(response.status).toBe(405);
  });
});
