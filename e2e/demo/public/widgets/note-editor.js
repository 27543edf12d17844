/**
 * <note-editor>: a contenteditable editing host inside an OPEN shadow root, as web-component
 * editors ship it.
 */
class NoteEditor extends HTMLElement {
  connectedCallback() {
    if (this.shadowRoot) return;
    const root = this.attachShadow({ mode: 'open' });
    const style = document.createElement('style');
    style.textContent = `
      .editor { min-height: 60px; padding: 8px 10px; border: 1px solid #d0d5dd; border-radius: 8px; }
      .editor:focus { outline: none; border-color: #6366f1; }
    `;
    const editor = document.createElement('div');
    editor.className = 'editor';
    editor.contentEditable = 'true';
    editor.setAttribute('role', 'textbox');
    editor.setAttribute('aria-multiline', 'true');
    editor.setAttribute('aria-label', 'Shadow editor');
    editor.dataset.testid = 'shadow-editor';
    root.append(style, editor);
  }
}
customElements.define('note-editor', NoteEditor);
