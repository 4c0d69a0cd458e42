/** @jsxRuntime automatic @jsxImportSource hono/jsx */
/**
 * Where a job is followed: status, progress with its ETA and cancel while it runs; the video with
 * download and "generate again" when it succeeded; the reason and what to change when it did not.
 * `browser/job-panel.ts` fills it in from the job's events.
 */
export function JobPanel(props: { heading: string }) {
  return (
    <section class="card job-panel" id="job-panel" aria-labelledby="job-panel-heading" hidden>
      <h2 id="job-panel-heading" tabindex={-1}>
        {props.heading}
      </h2>
      <p class="job-status" data-role="status" aria-live="polite"></p>
      <div class="progress-block" data-role="progress-block">
        <div class="progress-line">
          <label for="job-progress">Progress</label>
          <progress id="job-progress" data-role="progress" max={1} value={0}></progress>
          <span class="percent" data-role="percent">
            0%
          </span>
        </div>
        <p class="eta" data-role="eta"></p>
        <button type="button" class="secondary" data-role="cancel">
          Cancel
        </button>
      </div>
      <div class="result" data-role="result" hidden>
        <video data-role="video" controls muted autoplay loop playsinline aria-label="The generated video"></video>
        <div class="actions">
          <a class="button" data-role="download" download>
            Download MP4
          </a>
          <button type="button" class="primary" data-role="again">
            Generate again
          </button>
        </div>
      </div>
      <div class="failure" data-role="failure" role="alert" hidden>
        <p class="failure-what" data-role="failure-what"></p>
        <p data-role="failure-change"></p>
        <p class="detail" data-role="failure-message"></p>
        <p data-role="retry" hidden>
          <a>Change the settings and try again</a>
        </p>
      </div>
      <ul class="notes" data-role="warnings" aria-label="Warnings"></ul>
      <p class="job-link" data-role="job-link" hidden>
        <a>Details, parameters and timeline</a>
      </p>
    </section>
  );
}
