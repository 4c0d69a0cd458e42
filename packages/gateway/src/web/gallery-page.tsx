/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { JobStatus, ModelView } from "@reelay/client";
import { statusLabel } from "./browser/format.ts";
import { Field, Select } from "./form-parts.tsx";
import { PageLayout } from "./page-layout.tsx";

/** The gallery's filters as the page's query string gives them. */
export interface GalleryFilters {
  status: string;
  model: string;
  category: string;
  q: string;
}

export interface GalleryPageProps {
  models: ModelView[];
  filters: GalleryFilters;
  sandbox: boolean;
  version: string;
}

const STATUSES: JobStatus[] = ["queued", "running", "succeeded", "failed", "cancelled"];

/** `/jobs`: every job as a card, filtered by a plain GET form, newest first, a page at a time. */
export function GalleryPage(props: GalleryPageProps) {
  const { filters } = props;
  return (
    <PageLayout
      title="Gallery"
      script="gallery-page.js"
      section="gallery"
      sandbox={props.sandbox}
      version={props.version}
    >
      <h1>Gallery</h1>
      <form class="card filters" id="gallery-filters" method="get" action="/jobs" role="search">
        <Field id="q" label="Search prompts">
          <input type="search" id="q" name="q" value={filters.q} maxlength={200} aria-describedby="q-issue" />
        </Field>
        <Field id="status" label="Status">
          <Select
            id="status"
            choices={[
              { value: "", label: "Any status" },
              ...STATUSES.map((status) => ({ value: status, label: statusLabel(status) })),
            ]}
            selected={filters.status}
          />
        </Field>
        <Field id="model" label="Model">
          <Select
            id="model"
            choices={[
              { value: "", label: "Any model" },
              ...props.models.map((model) => ({ value: model.id, label: model.id })),
            ]}
            selected={filters.model}
          />
        </Field>
        <Field id="category" label="Category">
          <select id="category" name="category" data-selected={filters.category} aria-describedby="category-issue">
            <option value="">Any category</option>
          </select>
        </Field>
        <button type="submit" class="primary">
          Show jobs
        </button>
      </form>
      <p id="gallery-status" class="gallery-status" aria-live="polite">
        Loading jobs…
      </p>
      <ul class="gallery" id="gallery-list" aria-label="Jobs"></ul>
      <button type="button" class="secondary load-more" id="load-more" hidden>
        Load more
      </button>
    </PageLayout>
  );
}
