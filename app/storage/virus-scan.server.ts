// Virus scanning through clamd, when CLAMD_HOST is set (decision 021). Each upload is streamed to
// clamd's INSTREAM command as it arrives: "zINSTREAM\0", then chunks each preceded by its length
// as four bytes in network order, then a zero length; clamd answers "stream: OK", or
// "stream: <signature> FOUND", or an error, ended by NUL. Without CLAMD_HOST nothing is scanned.
import net from "node:net";

export type ScanVerdict = { clean: true } | { clean: false; reason: "infected"; signature: string } | { clean: false; reason: "unscannable"; detail: string };

export interface VirusScan {
  /** Sends the next piece of the file (resolves once the socket has taken it). */
  write(chunk: Uint8Array): Promise<void>;
  /** Ends the stream and waits for clamd's verdict. */
  finish(): Promise<ScanVerdict>;
  /** Gives up (the upload was refused for another reason). */
  abort(): void;
}

/** clamd refuses chunks over its StreamMaxLength; pieces of at most this size stay well within it. */
const MAX_CHUNK = 64 * 1024;

export function startClamdScan(options: { host: string; port: number; timeoutMs: number }): VirusScan {
  const socket = net.connect({ host: options.host, port: options.port });
  let failure: string | null = null;
  let reply = "";
  let ended = false;
  const answered = new Promise<string>((resolve) => {
    socket.on("data", (data) => {
      reply += data.toString("utf8");
      if (reply.includes("\0")) {
        ended = true;
        resolve(reply.slice(0, reply.indexOf("\0")));
        socket.end();
      }
    });
    socket.on("error", (error) => {
      failure ??= error.message;
      resolve("");
    });
    socket.on("close", () => resolve(reply.replace(/\0.*$/s, "")));
  });
  socket.setTimeout(options.timeoutMs, () => {
    failure ??= `clamd did not answer within ${Math.round(options.timeoutMs / 1000)} seconds`;
    socket.destroy();
  });

  const send = (buffer: Uint8Array) =>
    new Promise<void>((resolve) => {
      if (failure || socket.destroyed) return resolve();
      socket.write(buffer, (error) => {
        if (error) failure ??= error.message;
        resolve();
      });
    });
  const started = send(Buffer.from("zINSTREAM\0", "latin1"));

  return {
    async write(chunk) {
      await started;
      for (let offset = 0; offset < chunk.length && !failure && !ended; offset += MAX_CHUNK) {
        const piece = chunk.subarray(offset, offset + MAX_CHUNK);
        const length = Buffer.alloc(4);
        length.writeUInt32BE(piece.length);
        await send(Buffer.concat([length, piece]));
      }
    },
    async finish() {
      await started;
      if (!ended) await send(Buffer.alloc(4));
      const answer = (await answered).trim();
      if (/^stream: OK$/.test(answer)) return { clean: true };
      const found = /^stream: (.+) FOUND$/.exec(answer);
      if (found) return { clean: false, reason: "infected", signature: found[1] };
      return { clean: false, reason: "unscannable", detail: failure ?? (answer || "clamd gave no answer") };
    },
    abort() {
      socket.destroy();
    },
  };
}
