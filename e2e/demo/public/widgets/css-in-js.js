/**
 * A card styled the way CSS-in-JS libraries do it, so a replay can be checked for runtime CSS:
 *  - an empty <style> whose rules exist only in the CSSOM (insertRule, like emotion's "speedy" mode);
 *  - a constructed stylesheet in document.adoptedStyleSheets.
 * Neither shows up in the DOM's text, so a recorder that only serialises <style> text loses the look.
 * "Change theme" only touches the CSSOM (no DOM mutation at all).
 */
const CARD = 'css-1a2b3c';
const TITLE = 'css-4d5e6f';
const PRICE = 'css-7a8b9c';
const BUTTON = 'css-0f1e2d';

let runtimeSheet = null;
let greenRuleIndex = -1;

function installStyles() {
  if (runtimeSheet) return;
  const style = document.createElement('style');
  style.dataset.cssInJs = '';
  document.head.append(style);
  runtimeSheet = style.sheet;
  const rules = [
    `.${CARD} { background: linear-gradient(135deg, #7c3aed 0%, #4f46e5 100%); padding: 20px 22px; }`,
    `.${TITLE} { margin: 0 0 4px; font-size: 13px; letter-spacing: 0.08em; text-transform: uppercase; opacity: 0.85; }`,
    `.${PRICE} { margin: 0 0 16px; font-size: 30px; font-weight: 700; }`,
  ];
  for (const rule of rules) runtimeSheet.insertRule(rule, runtimeSheet.cssRules.length);

  const constructed = new CSSStyleSheet();
  constructed.replaceSync(`
    .${CARD} { color: #fff; border-radius: 16px; box-shadow: 0 12px 24px -8px rgba(79, 70, 229, 0.55); }
    .${BUTTON} {
      height: 34px; padding: 0 14px; border: 1px solid rgba(255, 255, 255, 0.5); border-radius: 999px;
      background: rgba(255, 255, 255, 0.15); color: #fff; font: inherit; font-weight: 600; cursor: pointer;
    }
    .${BUTTON}:hover { background: rgba(255, 255, 255, 0.28); }
  `);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, constructed];
}

/** Toggles a later, same-specificity rule that wins over the purple gradient. */
function toggleTheme() {
  if (greenRuleIndex === -1) {
    greenRuleIndex = runtimeSheet.insertRule(
      `.${CARD} { background: linear-gradient(135deg, #16a34a 0%, #15803d 100%); }`,
      runtimeSheet.cssRules.length,
    );
  } else {
    runtimeSheet.deleteRule(greenRuleIndex);
    greenRuleIndex = -1;
  }
}

export function createStyledCard() {
  installStyles();
  const card = document.createElement('div');
  card.className = CARD;
  card.dataset.testid = 'cssinjs-card';

  const title = document.createElement('p');
  title.className = TITLE;
  title.textContent = 'Pro plan';
  const price = document.createElement('p');
  price.className = PRICE;
  price.textContent = '$49 / agent / month';

  const button = document.createElement('button');
  button.type = 'button';
  button.className = BUTTON;
  button.textContent = 'Change theme';
  button.dataset.testid = 'cssinjs-change-theme';
  button.addEventListener('click', toggleTheme);

  card.append(title, price, button);
  return card;
}
