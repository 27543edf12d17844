/** The renderer's option: binary pixels held in the recording become the placeholder too. */
import type { eventWithTime } from '@rrweb/types';
import { describe, expect, it } from 'vitest';
import { isBinaryDataImage, neutralizeRemoteAssets, PLACEHOLDER_IMAGE } from './replay-assets';

const PNG = 'data:image/png;base64,iVBORw0KGgo=';
const SVG = 'data:image/svg+xml,%3Csvg%2F%3E';

const snapshot = (): eventWithTime =>
  ({
    type: 2,
    timestamp: 1,
    data: {
      node: {
        type: 0,
        id: 1,
        childNodes: [
          {
            type: 2,
            id: 2,
            tagName: 'body',
            attributes: {},
            childNodes: [
              {
                type: 2,
                id: 3,
                tagName: 'img',
                attributes: { src: PNG, srcset: `${PNG} 2x` },
                childNodes: [],
              },
              { type: 2, id: 4, tagName: 'img', attributes: { src: SVG }, childNodes: [] },
              {
                type: 2,
                id: 5,
                tagName: 'canvas',
                attributes: { rr_dataURL: PNG, style: 'width:10px' },
                childNodes: [],
              },
              {
                type: 2,
                id: 6,
                tagName: 'div',
                attributes: { style: `background:url(${PNG})` },
                childNodes: [],
              },
            ],
          },
        ],
      },
      initialOffset: { top: 0, left: 0 },
    },
  }) as unknown as eventWithTime;
const canvasDraw = {
  type: 3,
  timestamp: 2,
  data: { source: 9, id: 5, type: 0, commands: [] },
} as unknown as eventWithTime;

describe('neutralizeRemoteAssets binaryImages', () => {
  it('keeps binary data: images, inlined pixels and canvas commands by default (the review replay)', () => {
    const events = [snapshot(), canvasDraw];
    const r = neutralizeRemoteAssets(events);
    expect(r.events).toEqual(events);
  });

  it("replaces every binary data: image, a canvas's pixels and its drawing with the placeholder", () => {
    const r = neutralizeRemoteAssets([snapshot(), canvasDraw], { binaryImages: 'placeholder' });
    const text = JSON.stringify(r.events);
    expect(text).not.toContain('iVBORw0KGgo');
    expect(r.events).toHaveLength(1); // the canvas command is gone
    const body = (
      r.events[0]!.data as {
        node: { childNodes: { childNodes: { attributes: Record<string, string> }[] }[] };
      }
    ).node.childNodes[0]!.childNodes;
    expect(body[0]!.attributes.src).toBe(PLACEHOLDER_IMAGE);
    expect(body[1]!.attributes.src).toBe(SVG); // SVG is text the redactor has read: kept
    expect(body[2]!.attributes.rr_dataURL).toBeUndefined();
    expect(body[2]!.attributes.style).toContain(PLACEHOLDER_IMAGE);
    expect(body[2]!.attributes.style).toContain('width:10px');
    expect(body[3]!.attributes.style).toContain(PLACEHOLDER_IMAGE);
  });

  it('tells raster data: images from SVG and other URLs', () => {
    expect(isBinaryDataImage(PNG)).toBe(true);
    expect(isBinaryDataImage(' DATA:image/jpeg;base64,xx')).toBe(true);
    expect(isBinaryDataImage(SVG)).toBe(false);
    expect(isBinaryDataImage('https://x/a.png')).toBe(false);
  });
});
