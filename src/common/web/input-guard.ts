import type { NextFunction, Request, Response } from 'express';
import { FieldErrors, InputInvalidException } from '../validation';

/**
 * Limits every parsed request body and query string is held to before any controller or
 * validator sees it. Far above what a form or API client sends (the deepest DTO nests three
 * levels), far below what makes class-transformer recurse itself to death.
 */
export const INPUT_LIMITS = { maxDepth: 10, maxEntries: 1000 };

/** Keys that reach an object's prototype when copied with `obj[key] = …` (class-transformer does). */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** NUL (PostgreSQL refuses it in text) or a UTF-16 half without its partner (not encodable as UTF-8). */

const BAD_CHARACTERS = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const hasBadCharacters = (s: string): boolean => BAD_CHARACTERS.test(s);

/** A field name safe to echo in an error answer. */

const printable = (name: string) => name.replace(/[\u0000-\u001f\uD800-\uDFFF]/g, '\uFFFD');

type Problem = 'tooDeep' | 'tooMany' | undefined;

/**
 * Walks a parsed value without recursion (so no nesting can overflow the stack) and records
 * per field: prototype keys, strings with NUL or lone surrogates; stops at the limits.
 */
export function inspectInput(value: unknown, fields: FieldErrors, prefix = ''): Problem {
  const stack: { v: unknown; path: string; depth: number }[] = [{ v: value, path: prefix, depth: 0 }];
  let entries = 0;
  while (stack.length) {
    const { v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      if (hasBadCharacters(v)) fields[path || 'body'] = ['validation.invalidCharacters'];
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= INPUT_LIMITS.maxDepth) {
      fields[prefix || 'body'] = ['validation.tooDeep'];
      return 'tooDeep';
    }
    const keys = Object.keys(v);
    entries += keys.length;
    if (entries > INPUT_LIMITS.maxEntries) {
      fields[prefix || 'body'] = ['validation.tooManyFields'];
      return 'tooMany';
    }
    for (const key of keys) {
      const name = printable(path ? `${path}.${key}` : key);
      if (FORBIDDEN_KEYS.has(key)) fields[name] = ['validation.forbiddenKey'];
      else if (hasBadCharacters(key)) fields[name] = ['validation.invalidCharacters'];
      else stack.push({ v: (v as Record<string, unknown>)[key], path: name, depth: depth + 1 });
    }
  }
  return undefined;
}

/**
 * Refuses, with a 400 naming the fields, any request whose body or query string holds a
 * prototype key, a NUL byte or a lone surrogate, or nests or spreads past INPUT_LIMITS; a path
 * with an encoded NUL too. Runs after the body parsers for every route, pages and API alike, so
 * no controller has to remember it.
 */
export function inputGuard(reject: (req: Request, res: Response, e: InputInvalidException) => void) {
  return (req: Request, res: Response, next: NextFunction): void => {
    // No prototype: a field called __proto__ must be a field like any other here.
    const fields = Object.create(null) as FieldErrors;
    let problem: Problem;
    if (/%00|\u0000/i.test(req.path)) fields.path = ['validation.invalidCharacters'];
    // Express 5 parses the query string afresh on every read of req.query: this checks what routes see.
    problem = inspectInput(req.query, fields);
    if (!problem && req.body !== undefined) problem = inspectInput(req.body, fields);
    if (!Object.keys(fields).length) return next();
    reject(
      req,
      res,
      new InputInvalidException(
        fields,
        problem || Object.values(fields).some((f) => f[0] === 'validation.forbiddenKey')
          ? 'invalid_body'
          : 'validation_failed',
      ),
    );
  };
}
