// The helpers every scoped read stands on: what is shown, which candidate belongs to a region, the value
// beside a label. Each case is a small page written here, with the answer a person reading it would give.
import { describe, expect, it } from 'vitest';
import { bestShown, innermost, nearestTo, outermost, shownRank, valuesBesideLabel } from '../../utils/adapters/dom';

const $ = (selector: string) => document.querySelector(selector)!;

describe('what is shown', () => {
  it('hidden by the page’s own style sheet, by an attribute, by inline style or SLDS’s class: hidden', () => {
    document.body.innerHTML = `<style>.old-page { display: none }</style>
      <div class="old-page"><p id="a">a</p></div><div hidden><p id="b">b</p></div>
      <div style="visibility: hidden"><p id="c">c</p></div><div class="slds-hide"><p id="d">d</p></div><p id="e">e</p>`;
    expect(['#a', '#b', '#c', '#d', '#e'].map((s) => shownRank($(s)))).toEqual([0, 0, 0, 0, 2]);
  });

  it('hidden across a shadow root: the host’s ancestor hides what is inside', () => {
    document.body.innerHTML = '<div hidden><x-host></x-host></div>';
    const inner = document.createElement('p');
    $('x-host').attachShadow({ mode: 'open' }).append(inner);
    expect(shownRank(inner)).toBe(0);
  });

  it('aria-hidden only loses to something shown: a modal over the only page does not hide it', () => {
    document.body.innerHTML = '<main aria-hidden="true"><p id="only">x</p></main>';
    expect(bestShown([$('#only')])).toEqual([$('#only')]);
    document.body.innerHTML = '<main aria-hidden="true"><p id="old">x</p></main><main><p id="new">y</p></main>';
    expect(bestShown([$('#old'), $('#new')])).toEqual([$('#new')]);
  });
});

describe('which candidate belongs to a region', () => {
  it('the one inside it; else the nearest; two equally near: none', () => {
    document.body.innerHTML = `<div id="layout"><section id="area"></section><aside id="side"></aside></div><nav><aside id="preview"></aside></nav>`;
    expect(nearestTo($('#area'), [$('#preview'), $('#side')])).toBe($('#side'));
    document.body.innerHTML = `<section id="area"></section><aside id="one"></aside><aside id="two"></aside>`;
    expect(nearestTo($('#area'), [$('#one'), $('#two')])).toBeNull();
  });

  it('nested markers: outermost and innermost', () => {
    document.body.innerHTML = '<div id="o"><div id="m"><div id="i"></div></div></div><div id="x"></div>';
    const all = ['#o', '#m', '#i', '#x'].map($);
    expect(outermost(all).map((e) => e.id)).toEqual(['o', 'x']);
    expect(innermost(all).map((e) => e.id)).toEqual(['i', 'x']);
  });
});

describe('the value beside a label', () => {
  it.each([
    ['two spans', '<span>Fin AI Agent resolution state</span><span>Assumed Resolution</span>'],
    ['a definition list', '<dl><dt>Fin AI Agent resolution state</dt><dd>Assumed Resolution</dd></dl>'],
    ['a table row', '<table><tr><th>Fin AI Agent resolution state</th><td>Assumed Resolution</td></tr></table>'],
    ['a trailing colon and odd case', '<span>fin ai agent RESOLUTION state:</span><span>Assumed Resolution</span>'],
    ['a help icon between', '<span>Fin AI Agent resolution state</span><button aria-hidden="true">ⓘ</button><span>Assumed Resolution</span>'],
    ['screen-reader help text between', '<span>Fin AI Agent resolution state</span><span class="slds-assistive-text">Help</span><span>Assumed Resolution</span>'],
    ['an input showing it', '<label>Fin AI Agent resolution state</label><input readonly value="Assumed Resolution">'],
    ['one piece of text', '<p>Fin AI Agent resolution state: Assumed Resolution</p>'],
  ])('%s', (_, html) => {
    document.body.innerHTML = `<aside>${html}</aside>`;
    expect(valuesBesideLabel($('aside'), 'Fin AI Agent resolution state')).toEqual(['Assumed Resolution']);
  });

  it('a label inside a part to skip (a preview card of another conversation) is not read', () => {
    document.body.innerHTML = `<aside><div class="card"><span>Fin AI Agent resolution state</span><span>Confirmed Resolution</span></div></aside>`;
    expect(valuesBesideLabel($('aside'), 'Fin AI Agent resolution state', (el) => el.closest('.card') !== null)).toEqual([]);
  });
});
