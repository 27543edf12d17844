// Builds the page's remote references from ?beacon=ORIGIN (the test's second loopback server):
// images, srcset, CSS backgrounds in a style attribute, a <style> and a stylesheet (readable with
// CORS and unreadable without), @import, @font-face, a video poster, an SVG image and <use>, an
// image button, a table background, an object, an iframe and a favicon. All are in the first full
// snapshot; the button adds more as mutations.
const B = new URLSearchParams(location.search).get('beacon') ?? 'http://127.0.0.1:9';

// biome-ignore lint/correctness/noUnusedVariables: called by the page's inline script
function writeBeaconAssets() {
  const head = document.head;
  head.insertAdjacentHTML(
    'beforeend',
    `<link rel="icon" href="${B}/favicon.ico">` +
      `<link rel="stylesheet" href="${B}/plain.css">` +
      `<link rel="stylesheet" crossorigin="anonymous" href="${B}/cors.css">` +
      `<style>
        @import url("${B}/imported.css");
        @font-face { font-family: Beacon; src: url("${B}/font.woff2") format("woff2"); }
        .styled-bg { background-image: url("${B}/style-bg.png"); width: 160px; height: 60px; }
        .beacon-font { font-family: Beacon, serif; }
      </style>`,
  );
  document.getElementById('assets').innerHTML = `
    <p class="beacon-font">Text in a remote font</p>
    <img id="remote-img" src="${B}/img.png" width="120" height="80" alt="A remote image">
    <img src="${B}/srcset-fallback.png" srcset="${B}/srcset-1x.png 1x, ${B}/srcset-2x.png 2x" width="120" height="80" alt="A srcset image">
    <div style="background: url('${B}/inline-bg.png'); width: 160px; height: 60px">inline background</div>
    <div class="styled-bg">style-element background</div>
    <div class="cors-bg">CORS stylesheet background</div>
    <video poster="${B}/poster.png" width="160" height="90"></video>
    <svg width="60" height="60"><image href="${B}/svg-image.png" width="60" height="60"></image><use href="${B}/sprite.svg#dot"></use></svg>
    <input type="image" src="${B}/input.png" alt="Image button" width="40" height="40">
    <table background="${B}/table-bg.png"><tr><td>table background</td></tr></table>
    <object data="${B}/object.svg" type="image/svg+xml" width="40" height="40"></object>
    <iframe src="${B}/frame.html" width="120" height="40" title="Remote frame"></iframe>`;
  document.getElementById('more').addEventListener('click', () => {
    const img = document.createElement('img');
    img.src = `${B}/added.png`;
    img.alt = 'An added remote image';
    img.width = 60;
    img.height = 40;
    document.getElementById('later').append(img);
    document.getElementById('remote-img').src = `${B}/changed.png`;
    document.getElementById('later').style.background = `url("${B}/later-bg.png")`;
  });
}
