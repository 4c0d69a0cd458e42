/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Child } from "hono/jsx";
import { ApiKeyForm } from "./api-key-form.tsx";
import { ICON_PATH, SCRIPTS_PATH, STYLESHEET_PATH } from "./asset-paths.ts";

/** Which page of the main navigation is shown; `job` pages are none of them. */
export type Section = "generate" | "gallery" | "job";

export interface PageLayoutProps {
  title: string;
  /** The page's script module, a file name under the scripts path. */
  script: string;
  section: Section;
  /** Remote providers are simulated: every page says so. */
  sandbox: boolean;
  version: string;
  children: Child;
}

function NavLink(props: { href: string; current: boolean; children: Child }) {
  return (
    <li>
      <a href={props.href} aria-current={props.current ? "page" : undefined}>
        {props.children}
      </a>
    </li>
  );
}

/**
 * The frame of every page: language, landmarks, navigation, the API key entry, the sandbox notice,
 * and the page's one script.
 */
export function PageLayout(props: PageLayoutProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.sandbox ? "[Sandbox] " : ""}${props.title} · Reelay`}</title>
        <link rel="icon" href={ICON_PATH} type="image/svg+xml" />
        <link rel="stylesheet" href={STYLESHEET_PATH} />
        <script type="module" src={`${SCRIPTS_PATH}${props.script}`}></script>
      </head>
      <body>
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        {props.sandbox && (
          <div class="sandbox-banner" role="note" id="sandbox-banner">
            <strong>Sandbox mode.</strong> Remote providers are simulated by Reelay's built-in fakes: their videos are
            test clips and nothing is billed. The local provider renders as usual.
          </div>
        )}
        <header class="site-header">
          <a class="brand" href="/">
            Reelay
          </a>
          <nav aria-label="Main">
            <ul>
              <NavLink href="/" current={props.section === "generate"}>
                Generate
              </NavLink>
              <NavLink href="/jobs" current={props.section === "gallery"}>
                Gallery
              </NavLink>
            </ul>
          </nav>
          <ApiKeyForm />
        </header>
        <main id="main" tabindex={-1}>
          {props.children}
        </main>
        <footer class="site-footer">
          Reelay {props.version} · <a href="/openapi.json">API description</a>
        </footer>
      </body>
    </html>
  );
}
