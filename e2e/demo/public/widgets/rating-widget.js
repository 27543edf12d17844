/**
 * <rating-widget>: everything lives in an OPEN shadow root, so a recorder must descend into shadow
 * DOM (and Playwright's CSS/role locators pierce it) to see the stars, the comment or "Thanks!".
 */
const STYLE = `
  :host { display: block; font: inherit; color: #1d2939; }
  .stars { display: flex; gap: 4px; margin-bottom: 12px; }
  .star {
    border: 0; background: none; cursor: pointer; font-size: 26px; line-height: 1; padding: 2px;
    color: #d0d5dd; transition: color 0.1s, transform 0.1s;
  }
  .star:hover { transform: scale(1.1); }
  .star[aria-pressed="true"] { color: #f59e0b; }
  .star:focus-visible { outline: 2px solid #4f46e5; outline-offset: 2px; border-radius: 4px; }
  .row { display: flex; gap: 8px; }
  input {
    flex: 1; min-width: 0; height: 36px; padding: 0 10px; border: 1px solid #d0d5dd; border-radius: 8px;
    font: inherit;
  }
  input:focus { outline: none; border-color: #6366f1; box-shadow: 0 0 0 3px rgba(99, 102, 241, 0.2); }
  .submit {
    height: 36px; padding: 0 14px; border: 0; border-radius: 8px; background: #4f46e5; color: #fff;
    font: inherit; font-weight: 600; cursor: pointer;
  }
  .submit:hover { background: #4338ca; }
  .thanks { margin: 12px 0 0; color: #067647; font-weight: 600; }
`;

class RatingWidget extends HTMLElement {
  #rating = 0;
  #stars = [];

  connectedCallback() {
    if (this.shadowRoot) return;
    const root = this.attachShadow({ mode: 'open' });
    const stars = Array.from({ length: 5 }, (_, i) => {
      const n = i + 1;
      const star = document.createElement('button');
      star.type = 'button';
      star.className = 'star';
      star.textContent = '★';
      // "Rate 1 stars" too: one predictable pattern is worth more to tests than grammar.
      star.setAttribute('aria-label', `Rate ${n} stars`);
      star.setAttribute('aria-pressed', 'false');
      star.dataset.testid = `rating-star-${n}`;
      star.addEventListener('click', () => this.#select(n));
      return star;
    });
    this.#stars = stars;

    const comment = document.createElement('input');
    comment.type = 'text';
    comment.name = 'rating-comment';
    comment.placeholder = 'Anything we could do better?';
    comment.setAttribute('aria-label', 'Rating comment');
    comment.dataset.testid = 'rating-comment';

    const submit = document.createElement('button');
    submit.type = 'button';
    submit.className = 'submit';
    submit.textContent = 'Submit rating';
    submit.dataset.testid = 'rating-submit';
    submit.addEventListener('click', () => this.#submit(comment.value));

    const style = document.createElement('style');
    style.textContent = STYLE;
    const starRow = document.createElement('div');
    starRow.className = 'stars';
    starRow.setAttribute('role', 'group');
    starRow.setAttribute('aria-label', 'Rating');
    starRow.append(...stars);
    const row = document.createElement('div');
    row.className = 'row';
    row.append(comment, submit);
    root.append(style, starRow, row);
  }

  #select(n) {
    this.#rating = n;
    this.#stars.forEach((star, i) => {
      star.setAttribute('aria-pressed', String(i < n));
    });
  }

  #submit(comment) {
    let thanks = this.shadowRoot.querySelector('.thanks');
    if (!thanks) {
      thanks = document.createElement('p');
      thanks.className = 'thanks';
      thanks.setAttribute('aria-live', 'polite');
      thanks.dataset.testid = 'rating-thanks';
      this.shadowRoot.append(thanks);
    }
    thanks.textContent = 'Thanks!';
    this.dispatchEvent(
      new CustomEvent('rating-submit', {
        bubbles: true,
        composed: true,
        detail: { rating: this.#rating, comment },
      }),
    );
  }
}

if (!customElements.get('rating-widget')) customElements.define('rating-widget', RatingWidget);
