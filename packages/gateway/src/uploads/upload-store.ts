/** An uploaded image as stored: once per tenant and content hash. */
export interface UploadRecord {
  id: string;
  tenantId: string;
  /** SHA-256 of the bytes as uploaded, hex. */
  sha256: string;
  /** Storage key of the normalised image. */
  key: string;
  mediaType: string;
  width: number;
  height: number;
  sizeBytes: number;
  createdAt: number;
}

/** Durable upload metadata; the bytes live in the media store under `key`. */
export interface UploadStore {
  /** Writes `upload`, or returns the tenant's existing upload with the same `sha256`. */
  insert(upload: UploadRecord): Promise<{ inserted: boolean; upload: UploadRecord }>;
  /** A tenant's upload, or null (another tenant's upload is null too). */
  get(tenantId: string, id: string): Promise<UploadRecord | null>;
  /** A tenant's upload with these bytes, or null. */
  findBySha256(tenantId: string, sha256: string): Promise<UploadRecord | null>;
  /** Removes a tenant's upload and returns what was removed, or null. */
  delete(tenantId: string, id: string): Promise<UploadRecord | null>;
}
