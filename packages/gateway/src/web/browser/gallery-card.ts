import type { JobView } from "@reelay/client";
import { element } from "./dom.ts";
import { formatSeconds, statusLabel } from "./format.ts";

/** One job in the gallery: thumbnail, prompt, status, model, duration and category, linking to its page. */
export function galleryCard(job: JobView, categoryName: (id: string) => string): HTMLLIElement {
  const card = element("li", "card gallery-card");
  const link = element("a", null);
  link.href = `/jobs/${encodeURIComponent(job.id)}`;
  if (job.video === null) {
    link.append(element("span", "thumb thumb-placeholder", statusLabel(job.status)));
  } else {
    const thumbnail = element("img", "thumb");
    thumbnail.src = job.video.thumbnailUrl;
    thumbnail.alt = "";
    thumbnail.loading = "lazy";
    thumbnail.width = 320;
    thumbnail.height = 180;
    link.append(thumbnail);
  }
  link.append(element("p", "gallery-prompt", job.request.prompt === "" ? "(no prompt)" : job.request.prompt));
  const meta = element("p", "gallery-meta");
  const badge = element("span", "badge", statusLabel(job.status));
  badge.dataset.status = job.status;
  const seconds = job.video?.durationSeconds ?? job.request.durationSeconds;
  const details = [job.model, formatSeconds(seconds), job.category === null ? undefined : categoryName(job.category)];
  meta.append(badge, ` ${details.filter((detail) => detail !== undefined).join(" · ")}`);
  link.append(meta);
  card.append(link);
  return card;
}
