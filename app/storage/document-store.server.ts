// Where evidence documents' bytes live, behind one small interface (decision 021): a directory on
// this server's disk (the default, under DATA_DIR) or an S3-compatible object store for
// installations with several app servers. The database holds everything else about a file; a
// store only keeps bytes under the random key the portal chose, and never overwrites one.
import { createReadStream } from "node:fs";
import { mkdir, readdir, rename, rm, stat, copyFile } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import type { DocumentsConfig } from "../env.server";

export interface StoredObject {
  key: string;
  modifiedAt: Date;
}

export interface DocumentStore {
  readonly kind: "local" | "s3";
  /** Keeps the checked file staged at `stagedPath` under `key`; the caller removes what is left of the staged file. */
  save(key: string, stagedPath: string, meta: { sizeBytes: number; contentType: string }): Promise<void>;
  /** The stored bytes as a stream, or null when nothing is stored under the key. */
  open(key: string): Promise<Readable | null>;
  /** Removes the bytes; removing what is not there is not an error. */
  remove(key: string): Promise<void>;
  /** Every key held, for housekeeping's search for orphans. */
  list(): AsyncIterable<StoredObject>;
}

/** Keys are made by the portal (`<setting id>/<uuid>`): nothing a person typed reaches a path. */
const KEY = /^[0-9a-f-]{36}\/[0-9a-f-]{36}$/;

function checkKey(key: string) {
  if (!KEY.test(key)) throw new Error(`Not a document storage key: ${key}`);
}

export class LocalDocumentStore implements DocumentStore {
  readonly kind = "local" as const;
  constructor(private readonly dir: string) {}

  private pathOf(key: string) {
    checkKey(key);
    return path.join(this.dir, ...key.split("/"));
  }

  async save(key: string, stagedPath: string): Promise<void> {
    const target = this.pathOf(key);
    await mkdir(path.dirname(target), { recursive: true });
    try {
      // The staging directory is normally on the same disk: a rename, no second copy.
      await rename(stagedPath, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EXDEV") throw error;
      await copyFile(stagedPath, target);
    }
  }

  async open(key: string): Promise<Readable | null> {
    const file = this.pathOf(key);
    try {
      await stat(file);
    } catch {
      return null;
    }
    return createReadStream(file);
  }

  async remove(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async *list(): AsyncIterable<StoredObject> {
    let folders: string[];
    try {
      folders = await readdir(this.dir);
    } catch {
      return;
    }
    for (const folder of folders) {
      let files: string[];
      try {
        files = await readdir(path.join(this.dir, folder));
      } catch {
        continue;
      }
      for (const file of files) {
        const info = await stat(path.join(this.dir, folder, file)).catch(() => null);
        if (info?.isFile()) yield { key: `${folder}/${file}`, modifiedAt: info.mtime };
      }
    }
  }
}

export interface S3StoreOptions {
  bucket: string;
  prefix: string;
  endpoint?: string;
  region: string;
  forcePathStyle: boolean;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

export class S3DocumentStore implements DocumentStore {
  readonly kind = "s3" as const;
  private readonly client: S3Client;
  constructor(private readonly options: S3StoreOptions) {
    this.client = new S3Client({
      region: options.region,
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle,
      credentials: options.credentials,
      // Checksums only where the protocol needs them: several S3-compatible stores do not accept
      // the aws-chunked bodies the SDK otherwise sends with a trailing checksum. The portal keeps
      // its own SHA-256 of every file.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    });
  }

  private objectKey(key: string) {
    checkKey(key);
    return `${this.options.prefix}${key}`;
  }

  async save(key: string, stagedPath: string, meta: { sizeBytes: number; contentType: string }): Promise<void> {
    // Streamed from the staged file with its length known, so the SDK sends it as one PUT
    // without holding it in memory.
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.options.bucket,
        Key: this.objectKey(key),
        Body: createReadStream(stagedPath),
        ContentLength: meta.sizeBytes,
        ContentType: meta.contentType,
      }),
    );
  }

  async open(key: string): Promise<Readable | null> {
    try {
      const result = await this.client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: this.objectKey(key) }));
      return result.Body instanceof Readable ? result.Body : null;
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === "NoSuchKey") return null;
      throw error;
    }
  }

  async remove(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.objectKey(key) }));
  }

  async *list(): AsyncIterable<StoredObject> {
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.options.bucket, Prefix: this.options.prefix, ContinuationToken: token }),
      );
      for (const o of page.Contents ?? [])
        if (o.Key) yield { key: o.Key.slice(this.options.prefix.length), modifiedAt: o.LastModified ?? new Date(0) };
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }
}

let cached: { config: DocumentsConfig["storage"]; store: DocumentStore } | undefined;

/** The installation's store, as the configuration names it. */
export function documentStoreFor(config: DocumentsConfig["storage"]): DocumentStore {
  if (cached?.config === config) return cached.store;
  const store = config.kind === "s3" ? new S3DocumentStore(config) : new LocalDocumentStore(config.dir);
  cached = { config, store };
  return store;
}
