// Runs before every browser test file: each test fails when any page it opened violated its
// Content-Security-Policy (an inline style or script, eval, a foreign URL), and so does the file's setup.
import { afterAll, afterEach } from 'vitest';
import { assertNoCspViolations } from './harness';

afterEach(assertNoCspViolations);
// what beforeAll or the last afterAll's pages did is checked once more at the end of the file
afterAll(assertNoCspViolations);
