/** package.json's version, put in by vite.config.ts (`define`); read it through lib/version. */
declare const __APP_VERSION__: string | undefined;
