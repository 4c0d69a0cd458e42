const CHUNK_BYTES = 1024 * 1024;
const ZEROS = new Uint8Array(CHUNK_BYTES);

/**
 * A playable MP4 of exactly `totalBytes`, made on the fly: `mp4` followed by one ISO BMFF `free`
 * box, which players and parsers skip, holding zeros. Pulled a chunk at a time, so it is never
 * held in memory, however large.
 */
export function paddedMp4Stream(mp4: Uint8Array, totalBytes: number): ReadableStream<Uint8Array> {
  const freeBytes = totalBytes - mp4.byteLength;
  if (freeBytes < 8 || freeBytes > 0xffff_ffff) throw new Error(`cannot pad ${mp4.byteLength} bytes to ${totalBytes}`);
  const header = new Uint8Array(8);
  new DataView(header.buffer).setUint32(0, freeBytes);
  header.set(new TextEncoder().encode("free"), 4);
  let zerosLeft = freeBytes - header.byteLength;
  let started = false;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(mp4);
        controller.enqueue(header);
        return;
      }
      if (zerosLeft === 0) {
        controller.close();
        return;
      }
      const size = Math.min(CHUNK_BYTES, zerosLeft);
      zerosLeft -= size;
      // The zeros are never written to, so one buffer serves every chunk.
      controller.enqueue(size === CHUNK_BYTES ? ZEROS : ZEROS.subarray(0, size));
    },
  });
}
