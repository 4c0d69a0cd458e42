import type { CategoryView, JobStatus, ListJobsOptions } from "@reelay/client";
import { find, messageOf, setOptions } from "./dom.ts";
import { galleryCard } from "./gallery-card.ts";
import { reelay } from "./reelay.ts";

/*
 * The gallery: the filters are a plain GET form, so the address holds them; this script lists the
 * matching jobs through the SDK a page at a time, following the API's cursor.
 */

const PAGE_SIZE = 24;
const STATUSES: readonly string[] = ["queued", "running", "succeeded", "failed", "cancelled"];

const list = find(document, "#gallery-list", HTMLUListElement);
const status = find(document, "#gallery-status", HTMLElement);
const loadMore = find(document, "#load-more", HTMLButtonElement);
const categorySelect = find(document, "#category", HTMLSelectElement);

function queryFromAddress(): ListJobsOptions {
  const parameters = new URLSearchParams(location.search);
  const value = (name: string) => parameters.get(name) || undefined;
  const wanted = value("status");
  return {
    status: wanted !== undefined && STATUSES.includes(wanted) ? (wanted as JobStatus) : undefined,
    model: value("model"),
    category: value("category"),
    q: value("q"),
    limit: PAGE_SIZE,
  };
}

async function loadCategories(): Promise<CategoryView[]> {
  try {
    const categories = (await reelay.categories.list()).data;
    const choices = categories.map((category) => ({ value: category.id, label: category.name }));
    setOptions(
      categorySelect,
      [{ value: "", label: "Any category" }, ...choices],
      categorySelect.dataset.selected ?? "",
    );
    return categories;
  } catch {
    return [];
  }
}

async function main(): Promise<void> {
  const query = queryFromAddress();
  const categories = await loadCategories();
  const categoryName = (id: string) => categories.find((category) => category.id === id)?.name ?? id;
  const filtered = query.status ?? query.model ?? query.category ?? query.q;
  let shown = 0;
  let nextCursor: string | null = null;

  async function showPage(cursor: string | undefined): Promise<void> {
    loadMore.disabled = true;
    try {
      const page = await reelay.jobs.list({ ...query, cursor });
      list.append(...page.data.map((job) => galleryCard(job, categoryName)));
      shown += page.data.length;
      nextCursor = page.nextCursor;
      loadMore.hidden = nextCursor === null;
      status.textContent =
        shown > 0
          ? `Showing ${shown} job${shown === 1 ? "" : "s"}${nextCursor === null ? "" : "; there are more"}.`
          : filtered === undefined
            ? "No videos yet: generate one."
            : "No jobs match these filters.";
    } catch (error) {
      status.textContent = `The jobs could not be listed: ${messageOf(error)}`;
    } finally {
      loadMore.disabled = false;
    }
  }

  loadMore.addEventListener("click", () => void showPage(nextCursor ?? undefined));
  await showPage(undefined);
}

void main();
