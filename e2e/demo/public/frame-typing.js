// Frames that appear and change after the recording started (e2e/frame-capture.spec.ts).
const later = document.querySelector('[data-testid="later"]');
document.querySelector('[data-testid="add-frame"]').addEventListener('click', () => {
  const frame = document.createElement('iframe');
  frame.src = '/frame-fields.html?added';
  frame.title = 'Added frame';
  frame.width = '600';
  frame.height = '200';
  later.append(frame);
});
document.querySelector('[data-testid="navigate-frame"]').addEventListener('click', () => {
  document.querySelector('[data-testid="fields-frame"]').src = '/editor-frame.html';
});
