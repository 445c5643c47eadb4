import type { ReactNode } from "react";

const URL_RE = /https?:\/\/[^\s<>"']+/g;
/** punctuation that usually ends the sentence, not the link */
const TRAILING = /[.,;:!?)\]]+$/;

/** Plain text with its http(s) links clickable; everything else stays text (React escapes it). */
export function Linkified({ text }: { text: string }) {
  const out: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_RE)) {
    const start = match.index;
    let url = match[0];
    const trail = TRAILING.exec(url);
    if (trail) url = url.slice(0, url.length - trail[0].length);
    if (!url.replace(/^https?:\/\//, "")) continue;
    if (start > last) out.push(text.slice(last, start));
    out.push(
      <a
        key={start}
        href={url}
        target="_blank"
        rel="noopener noreferrer"
        style={{ textDecoration: "underline" }}
      >
        {url}
      </a>,
    );
    last = start + url.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return <>{out}</>;
}
