/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { JobPanel } from "./job-panel.tsx";
import { PageLayout } from "./page-layout.tsx";

export interface JobPageProps {
  jobId: string;
  sandbox: boolean;
  version: string;
}

/** `/jobs/:id`: one job with its video, parameters, warnings and timeline, filled in by the page's script. */
export function JobPage(props: JobPageProps) {
  return (
    <PageLayout
      title={`Job ${props.jobId}`}
      script="job-page.js"
      section="job"
      sandbox={props.sandbox}
      version={props.version}
    >
      <h1>
        Job <span class="job-id">{props.jobId}</span>
      </h1>
      <p id="job-load-status" aria-live="polite">
        Loading the job…
      </p>
      <div class="job-layout" data-job-id={props.jobId}>
        <JobPanel heading="Status and video" />
        <section class="card" aria-labelledby="parameters-heading">
          <h2 id="parameters-heading">Parameters</h2>
          <dl class="facts" id="job-parameters"></dl>
        </section>
        <section class="card" aria-labelledby="timeline-heading">
          <h2 id="timeline-heading">Timeline</h2>
          <ol class="timeline" id="job-timeline"></ol>
        </section>
      </div>
    </PageLayout>
  );
}
