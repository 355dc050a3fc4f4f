/**
 * Defensive readers for API bodies: a wrong type throws MalformedElement, which the normalisers turn into a Problem
 * naming the file and element, then skip that element.
 */
import { isRedactedValue, redactValue, type RedactedValue } from './redact.js';

export class MalformedElement extends Error {}

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function asObject(value: unknown, what: string): JsonObject {
  if (!isObject(value)) throw new MalformedElement(`${what} is not an object`);
  return value;
}

export function reqString(object: JsonObject, key: string): string {
  const value = object[key];
  if (typeof value !== 'string' || value.length === 0) throw new MalformedElement(`missing or non-string ${key}`);
  return value;
}

export function optString(object: JsonObject | undefined, key: string): string | undefined {
  const value = object?.[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new MalformedElement(`${key} is not a string`);
  return value;
}

export function optBoolean(object: JsonObject | undefined, key: string): boolean | undefined {
  const value = object?.[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new MalformedElement(`${key} is not a boolean`);
}

export function optInteger(object: JsonObject | undefined, key: string): number | undefined {
  const value = object?.[key];
  if (value === undefined || value === null) return undefined;
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number)) throw new MalformedElement(`${key} is not an integer`);
  return number;
}

export function optObject(object: JsonObject | undefined, key: string): JsonObject | undefined {
  const value = object?.[key];
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw new MalformedElement(`${key} is not an object`);
  return value;
}

export function optArray(object: JsonObject | undefined, key: string): unknown[] {
  const value = object?.[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new MalformedElement(`${key} is not an array`);
  return value;
}

export function objects(object: JsonObject | undefined, key: string): JsonObject[] {
  return optArray(object, key).map((element, index) => asObject(element, `${key}[${index}]`));
}

export function strings(object: JsonObject | undefined, key: string): string[] {
  return optArray(object, key).map((element, index) => {
    if (typeof element !== 'string') throw new MalformedElement(`${key}[${index}] is not a string`);
    return element;
  });
}

/** A string or a list of strings (IAM Action/Resource), as a list. */
export function stringOrList(value: unknown, what: string): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((element) => typeof element === 'string')) return value as string[];
  throw new MalformedElement(`${what} is neither a string nor a list of strings`);
}

export function unique<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}

/** Wildcard pattern (`*`, `?`, case-insensitive) → anchored regex over the lower-cased text, for Cypher `=~`. */
export function wildcardToRegex(pattern: string): string {
  const escaped = pattern
    .toLowerCase()
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return `^${escaped}$`;
}

/** The digest of an image referenced as `repo@sha256:<hex>`, lower-case. */
export function digestOfImage(image: string | undefined): string | undefined {
  const match = image?.match(/@(sha256:[0-9a-fA-F]{64})$/);
  return match?.[1]?.toLowerCase();
}

export interface EnvironmentFacts {
  envNames: string[];
  envPlainNames: string[];
  envCredentialLikeNames: string[];
  envSecretNames: string[];
}

/**
 * Names of environment variables by kind. Values are redacted here (again: a hand-made snapshot may carry real ones),
 * so only names and the redaction heuristic's verdict leave this function.
 */
export function environmentFacts(entries: JsonObject[], secretNames: string[] = []): EnvironmentFacts {
  const facts: EnvironmentFacts = { envNames: [], envPlainNames: [], envCredentialLikeNames: [], envSecretNames: [...secretNames] };
  for (const entry of entries) {
    const name = optString(entry, 'name');
    if (name === undefined) throw new MalformedElement('environment entry without a name');
    facts.envNames.push(name);
    const marker = redactValue(name, entry.value) as RedactedValue | null | undefined;
    const secure = entry.secureValue;
    if (isRedactedValue(marker) && marker.set) {
      facts.envPlainNames.push(name);
      if (marker.looksLikeCredential) facts.envCredentialLikeNames.push(name);
    }
    if (entry.secretRef !== undefined && entry.secretRef !== null) facts.envSecretNames.push(name);
    // ACI: a secure variable comes back with `secureValue` (usually null) as its only trace.
    else if ((secure !== undefined || entry.value === null) && !(isRedactedValue(marker) && marker.set)) facts.envSecretNames.push(name);
  }
  for (const [key, list] of Object.entries(facts)) facts[key as keyof EnvironmentFacts] = unique(list as string[]);
  for (const name of secretNames) if (!facts.envNames.includes(name)) facts.envNames.push(name);
  return facts;
}
