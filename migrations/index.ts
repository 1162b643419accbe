import { Foundation1732450000000 } from './1732450000000-foundation';

/** Every migration in order; listed explicitly so ts-jest, ts-node and the built app agree. */
export const MIGRATIONS = [Foundation1732450000000];
