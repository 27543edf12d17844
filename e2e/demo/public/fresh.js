// A list app written the way React apps behave, without React: state changes are applied to the
// DOM later (a microtask or a timer, like a batched re-render), through DOM properties only
// (`input.value = ''`, `checkbox.checked`, `select.selectedIndex`), never attributes; class names
// change with classList; styles are CSS-in-JS rules added and removed with insertRule/deleteRule
// on an initially empty <style>. Nothing here sets an attribute rrweb could see for a value.
// `window.__freshPending` counts scheduled updates (tests wait for 0; no DOM attribute is used).

const $ = (id) => document.querySelector(`[data-testid="${id}"]`);
const form = $('fresh-form');
const item = $('fresh-item');
const qty = $('fresh-qty');
const urgent = $('fresh-urgent');
const list = $('fresh-list');
const status = $('fresh-status');
const sheet = document.getElementById('runtime-css').sheet;

// React's value tracking: an own `value` property on the node that calls the prototype's setter
// captured when the node was first rendered.
const proto = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value');
Object.defineProperty(item, 'value', {
  configurable: true,
  get() {
    return proto.get.call(this);
  },
  set(v) {
    proto.set.call(this, v);
  },
});

window.__freshPending = 0;
/** Runs `fn` later, like a state update that re-renders: a microtask or a 30 ms timer. */
function later(fn, ms) {
  window.__freshPending++;
  const run = () => {
    try {
      fn();
    } finally {
      window.__freshPending--;
    }
  };
  if (ms === undefined) queueMicrotask(run);
  else setTimeout(run, ms);
}

let next = 0;
/** A CSS-in-JS style: one generated class per row, its rule inserted at run time. */
function rowClass(n, isUrgent) {
  const cls = `css-row-${n}`;
  sheet.insertRule(`.${cls} { order: ${n}; font-weight: ${isUrgent ? 700 : 400}; }`, sheet.cssRules.length);
  return cls;
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  const text = item.value.trim();
  if (!text) return;
  const n = next++;
  const isUrgent = urgent.checked;
  const count = qty.options[qty.selectedIndex].text;
  later(() => {
    const li = document.createElement('li');
    li.dataset.testid = `fresh-row-${n}`;
    li.className = `row ${rowClass(n, isUrgent)}`;
    if (isUrgent) li.classList.add('urgent');
    li.append(`${count} x ${text} `);
    const done = document.createElement('input');
    done.type = 'checkbox';
    done.name = `done-${n}`;
    done.setAttribute('aria-label', `Done: ${text}`);
    li.append(done);
    const mark = document.createElement('button');
    mark.type = 'button';
    mark.textContent = `Mark ${text} done`;
    mark.addEventListener('click', () =>
      later(() => {
        done.checked = !done.checked; // property only: no attribute, no event
        li.classList.toggle('done', done.checked);
        sheet.insertRule(`.css-row-${n}.done { text-decoration: line-through; }`, sheet.cssRules.length);
      }),
    );
    li.append(mark);
    list.append(li);
    // The controlled form is reset by the "re-render", not by the browser.
    item.value = '';
    qty.selectedIndex = 0;
    urgent.checked = false;
    status.textContent = `${list.children.length} items`;
  }, 30);
});

$('fresh-defaults').addEventListener('click', () =>
  later(() => {
    item.value = 'Oat milk';
    qty.value = '3';
    urgent.checked = true;
    document.querySelector('main').classList.add('usual');
    sheet.insertRule('.usual h1 { letter-spacing: 0.05em; }', sheet.cssRules.length);
  }),
);

let compactRule = -1;
$('fresh-theme').addEventListener('click', () =>
  later(() => {
    const main = document.querySelector('main');
    main.classList.toggle('compact');
    if (compactRule < 0) {
      compactRule = sheet.insertRule('.compact li { padding: 0; margin: 0; }', 0);
    } else {
      sheet.deleteRule(compactRule);
      compactRule = -1;
    }
  }, 30),
);
