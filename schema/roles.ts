// Who may do what: the role rule every field's `authScopes: { role }` applies.
import { roleAtLeast } from '../server/auth/keys.js';
import { roleOf, type Viewer } from '../server/auth/viewer.js';
import type { Role } from '../server/store/enums.js';

/** Whether the viewer holds `required` or a stronger role; READER is implied for anyone when reads are public. */
export function viewerHasRole(context: { viewer: Viewer; publicRead: boolean }, required: Role): boolean {
  const role = roleOf(context.viewer);
  if (required === 'READER' && context.publicRead) return true;
  return roleAtLeast(role, required);
}
