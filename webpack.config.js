/**
 * Builds the Excel add-in into dist/web: taskpane.html and commands.html with their bundles,
 * the icons, and the manifest.
 *
 *   npm run build        production: manifest URLs rewritten to ADDIN_PRODUCTION_URL
 *   npm run build:dev    development: manifest kept on https://localhost:3000/
 *   npm run dev-server   https://localhost:3000 with office-addin-dev-certs certificates
 *   npm run build:e2e    development build with THROUGHLINE_OFFICE_JS=local (browser tests)
 *
 * Environment:
 *   ADDIN_PRODUCTION_URL     where the add-in is hosted in production, ending in "/"
 *                            (default https://throughline.example.org/). Only the copied
 *                            dist/web/manifest.xml changes; the pages use relative URLs.
 *   THROUGHLINE_WEB_OUT      output folder instead of dist/web (tests).
 *   THROUGHLINE_OFFICE_JS    "local": the pages load /office-js/office.js (served from
 *                            node_modules/@microsoft/office-js/dist by the test server) instead
 *                            of Microsoft's CDN. For browser tests only: Office requires the CDN.
 *
 * ts-loader type-checks (no transpileOnly), so a type error fails the build.
 */
const path = require('node:path');
const fs = require('node:fs');
const os = require('node:os');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const CopyWebpackPlugin = require('copy-webpack-plugin');

const DEV_URL = 'https://localhost:3000/';
const OFFICE_JS_CDN = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
const OFFICE_JS_LOCAL = '/office-js/office.js';

/** The production URL, checked: https and ending in "/", or the build stops with why. */
function productionUrl() {
  const url = process.env.ADDIN_PRODUCTION_URL || 'https://throughline.example.org/';
  if (!/^https:\/\/[^/\s]+\/(\S*\/)?$/.test(url)) {
    throw new Error(
      `ADDIN_PRODUCTION_URL must be an https URL ending in "/", like https://addin.example.org/, got ${url}`,
    );
  }
  return url;
}

/**
 * The Content-Security-Policy of both pages. Nothing of ours connects anywhere
 * (connect-src 'none'). office.js needs only script-src for its CDN: it loads its host
 * scripts (excel-web-16.00.js, …) with <script> tags and talks to Excel by postMessage or the
 * native bridge; read in @microsoft/office-js 1.1.110, it has no eval (its one
 * `new Function("return this")` is a never-reached webpack fallback), so no 'unsafe-eval'.
 * frame-src allows only the CDN, for office.js's own "host not trusted" page in Excel on the
 * web; its telemetry frame (telemetryservice.firstpartyapps.oaspapps.com) stays blocked.
 * style-src 'unsafe-inline': Fluent UI web components inject <style> where constructable
 * stylesheets are missing; with img-src/connect-src closed, styles cannot send data out.
 */
function contentSecurityPolicy(localOfficeJs) {
  const officeOrigin = localOfficeJs ? '' : ' https://appsforoffice.microsoft.com';
  return [
    "default-src 'self'",
    `script-src 'self'${officeOrigin}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'none'",
    // The analysis Web Worker (src/taskpane/worker.ts), a file of our own origin.
    "worker-src 'self'",
    `frame-src 'self'${officeOrigin}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/**
 * HTTPS options for the dev server: office-addin-dev-certs's getHttpsServerOptions() (which
 * generates and installs its CA, with sudo on Linux); when that fails (no sudo), the files it
 * generated in ~/.office-addin-dev-certs, with a note that the CA is not trusted.
 */
async function devServerHttps() {
  try {
    const devCerts = require('office-addin-dev-certs');
    return await devCerts.getHttpsServerOptions();
  } catch (error) {
    const dir = path.join(os.homedir(), '.office-addin-dev-certs');
    const files = ['localhost.crt', 'localhost.key', 'ca.crt'].map((f) => path.join(dir, f));
    if (files.every((f) => fs.existsSync(f))) {
      console.warn(
        `dev-server: office-addin-dev-certs could not install its CA (${error.message.split('\n')[0]}); ` +
          `using the certificates it generated in ${dir}. Trust ${files[2]} yourself, ` +
          'or install the sudo package and run again.',
      );
      return {
        cert: fs.readFileSync(files[0]),
        key: fs.readFileSync(files[1]),
        ca: fs.readFileSync(files[2]),
      };
    }
    throw new Error(
      `dev-server: no development certificate: ${error.message}. Run "npx office-addin-dev-certs install" (needs sudo on Linux).`,
    );
  }
}

/**
 * Removes the one Function constructor left in our bundles: the "find the global object"
 * fallback `new Function("return this")()` of webpack's runtime and of Fluent's FAST
 * (fast-element's $global). Both are reached only when globalThis, self and window are all
 * missing — never in a browser — and the CSP (no 'unsafe-eval') would refuse them anyway, which
 * their own try/catch turns into an empty object. Replaced by that same empty object, so the
 * bundles hold no eval at all (test/build/webpack-build.test.ts checks).
 */
class NoFunctionConstructorPlugin {
  apply(compiler) {
    const { Compilation, sources } = compiler.webpack;
    compiler.hooks.thisCompilation.tap('NoFunctionConstructor', (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: 'NoFunctionConstructor', stage: Compilation.PROCESS_ASSETS_STAGE_OPTIMIZE_INLINE },
        (assets) => {
          for (const name of Object.keys(assets)) {
            if (!name.endsWith('.js')) continue;
            const text = assets[name].source().toString();
            const cleaned = text.replace(/new Function\((["'])return this\1\)\(\)/g, '({})');
            if (cleaned !== text) compilation.updateAsset(name, new sources.RawSource(cleaned));
          }
        },
      );
    });
  }
}

module.exports = async (env, argv) => {
  const production = argv.mode === 'production';
  const localOfficeJs = process.env.THROUGHLINE_OFFICE_JS === 'local';
  const csp = contentSecurityPolicy(localOfficeJs);
  const officeJs = localOfficeJs ? OFFICE_JS_LOCAL : OFFICE_JS_CDN;
  const serving = process.env.WEBPACK_SERVE === 'true';
  // Checked before anything is built, so a wrong URL stops the build with the reason.
  const manifestUrl = production ? productionUrl() : DEV_URL;

  return {
    mode: production ? 'production' : 'development',
    // eval-based source maps (webpack's development default) would need 'unsafe-eval' in the
    // CSP; separate .map files do not.
    devtool: 'source-map',
    entry: {
      taskpane: './src/taskpane/taskpane.ts',
      commands: './src/commands/commands.ts',
      // TEST ONLY: the strict Excel simulator for browser tests, never in other builds
      // (test/e2e/production-bundle.e2e.test.ts checks the production bundle lacks it).
      ...(localOfficeJs ? { 'e2e-simulator': './test/e2e/page/simulator-entry.ts' } : {}),
    },
    output: {
      // THROUGHLINE_WEB_OUT lets a test build elsewhere without clobbering dist/web.
      path: path.resolve(__dirname, process.env.THROUGHLINE_WEB_OUT || 'dist/web'),
      filename: '[name].js',
      clean: true,
    },
    resolve: { extensions: ['.ts', '.js'] },
    // No polyfill for Node's `global`: webpack's would add `new Function("return this")` to the
    // bundles (refused by the CSP, and checked by test/build). Fluent's FAST only tests
    // `typeof global`, after globalThis.
    node: { global: false },
    module: {
      rules: [
        {
          test: /\.ts$/,
          exclude: /node_modules/,
          use: { loader: 'ts-loader', options: { configFile: 'tsconfig.web.json' } },
        },
      ],
    },
    plugins: [
      new NoFunctionConstructorPlugin(),
      new HtmlWebpackPlugin({
        filename: 'taskpane.html',
        template: './src/taskpane/taskpane.html',
        chunks: ['taskpane'],
        scriptLoading: 'defer',
        csp,
        officeJs,
        e2eSimulator: localOfficeJs,
      }),
      new HtmlWebpackPlugin({
        filename: 'commands.html',
        template: './src/commands/commands.html',
        chunks: ['commands'],
        scriptLoading: 'defer',
        csp,
        officeJs,
      }),
      new CopyWebpackPlugin({
        patterns: [
          { from: 'assets/*.png', to: 'assets/[name][ext]' },
          { from: 'src/taskpane/taskpane.css', to: 'taskpane.css' },
          { from: 'src/taskpane/help.html', to: 'help.html' },
          {
            from: 'manifest.xml',
            to: 'manifest.xml',
            transform(content) {
              if (manifestUrl === DEV_URL) return content;
              return content.toString().split(DEV_URL).join(manifestUrl);
            },
          },
        ],
      }),
    ],
    performance: { hints: false },
    devServer: serving
      ? {
          host: 'localhost',
          port: 3000,
          server: { type: 'https', options: await devServerHttps() },
          // No hot reload or live reload: their websocket client would need connect-src and
          // 'unsafe-eval' in the CSP. Reload the pane by hand after a rebuild.
          hot: false,
          liveReload: false,
          client: false,
          static: false,
        }
      : undefined,
  };
};
