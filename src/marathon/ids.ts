/** Marathon path ids (`/team/sub/app`): resolution of relative ids. */

/**
 * Resolves a (possibly relative) Marathon id against its parent group, as Marathon's PathId
 * does: `app` under `/team` → `/team/app`, `../db` under `/team/web` → `/team/db`.
 */
export function resolveId(id: string, parentGroupId = '/'): string {
  const base = id.startsWith('/') ? [] : splitId(parentGroupId);
  const segments = [...base];
  for (const seg of id.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') segments.pop();
    else segments.push(seg);
  }
  return '/' + segments.join('/');
}

export function splitId(id: string): string[] {
  return id.split('/').filter((s) => s !== '' && s !== '.');
}
