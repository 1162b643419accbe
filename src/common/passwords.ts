import { type Algorithm, hash, verify } from '@node-rs/argon2';

/**
 * Staff password hashing: argon2id as a standard PHC string, with the cost the `argon2` package
 * used (64 MiB, 3 passes, 4 lanes), so hashes stored before verify unchanged. @node-rs/argon2
 * ships ready binaries for each platform: `argon2`'s prebuilt one crashed on these machines and
 * every `npm ci` compiled it from source instead.
 */
const OPTIONS = {
  algorithm: 2 as Algorithm, // Argon2id (the package's enum is type-only)
  memoryCost: 65536,
  timeCost: 3,
  parallelism: 4,
};

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** False for a wrong password and for anything that is not a valid hash. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  return verify(stored, password).catch(() => false);
}
