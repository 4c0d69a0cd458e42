/** Where the web UI's static files are served. */
export const ASSETS_PATH = "/assets/";
/** The one stylesheet. */
export const STYLESHEET_PATH = `${ASSETS_PATH}reelay.css`;
/** The site icon. */
export const ICON_PATH = `${ASSETS_PATH}icon.svg`;
/** The page scripts (compiled from `web/browser/`). */
export const SCRIPTS_PATH = `${ASSETS_PATH}scripts/`;
/** The `@reelay/client` modules the page scripts import. */
export const CLIENT_PATH = `${ASSETS_PATH}client/`;
