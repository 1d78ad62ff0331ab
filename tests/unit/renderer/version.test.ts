import { describe, expect, it } from 'vitest';
import { compareVersions, isNewerThanThisApp } from '../../../src-renderer/lib/version';

describe('compareVersions', () => {
  it('compares the numeric parts as numbers', () => {
    expect(compareVersions('0.2.0', '0.1.9')).toBe(1);
    expect(compareVersions('1.2.10', '1.2.9')).toBe(1);
    expect(compareVersions('1.2', '1.2.0')).toBe(0);
    expect(compareVersions('v1.0.0', '1.0.1')).toBe(-1);
  });

  it('puts a pre-release before its release and ignores build metadata', () => {
    expect(compareVersions('1.0.0-beta.2', '1.0.0')).toBe(-1);
    expect(compareVersions('1.0.0-beta.10', '1.0.0-beta.2')).toBe(1);
    expect(compareVersions('1.0.0+build.7', '1.0.0')).toBe(0);
  });

  it('knows no newer version when the build did not say which this one is', () => {
    expect(isNewerThanThisApp('99.0.0')).toBe(false);
  });
});
