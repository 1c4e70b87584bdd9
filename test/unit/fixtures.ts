import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const FIXTURES_DIR = join(import.meta.dirname, '..', 'fixtures');

/**
 * Loads a saved vendor page into the test document. happy-dom does not attach declarative shadow roots
 * (`<template shadowrootmode>`), which Chromium does when it parses the same file, so we attach them here.
 */
export function loadFixture(relativePath: string, doc: Document = document): Document {
  const html = readFileSync(join(FIXTURES_DIR, relativePath), 'utf8');
  doc.documentElement.innerHTML = html.replace(/^[\s\S]*?<html[^>]*>/i, '').replace(/<\/html>\s*$/i, '');
  attachDeclarativeShadowRoots(doc);
  return doc;
}

export function attachDeclarativeShadowRoots(root: ParentNode): void {
  for (const template of [...root.querySelectorAll<HTMLTemplateElement>('template[shadowrootmode]')]) {
    const host = template.parentElement;
    if (!host) continue;
    const shadow = host.attachShadow({ mode: template.getAttribute('shadowrootmode') as ShadowRootMode });
    shadow.append(template.content.cloneNode(true));
    template.remove();
    attachDeclarativeShadowRoots(shadow);
  }
}
