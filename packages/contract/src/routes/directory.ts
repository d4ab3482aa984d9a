import {
  getDirectoryConfigRoute,
  listDirectoryFlaggedRoute,
  listDirectoryRunsRoute,
  postDirectoryCsvRoute,
  postDirectorySyncRoute,
  putDirectoryConfigRoute,
} from '../directory.ts';
import type { RouteSpec } from './route-spec.ts';

/** Directory sync: configured and run by the system admin at the root (it changes the whole org tree). */
export const directoryApi = {
  getDirectoryConfig: {
    method: 'GET',
    path: '/api/directory/config',
    schema: getDirectoryConfigRoute,
    access: { permission: 'org.create', scope: 'root' },
  },
  putDirectoryConfig: {
    method: 'PUT',
    path: '/api/directory/config',
    schema: putDirectoryConfigRoute,
    access: { permission: 'org.create', scope: 'root' },
  },
  postDirectorySync: {
    method: 'POST',
    path: '/api/directory/sync',
    schema: postDirectorySyncRoute,
    access: { permission: 'org.create', scope: 'root' },
  },
  postDirectoryCsv: {
    method: 'POST',
    path: '/api/directory/csv',
    schema: postDirectoryCsvRoute,
    access: { permission: 'org.create', scope: 'root' },
  },
  listDirectoryFlagged: {
    method: 'GET',
    path: '/api/directory/flagged-requests',
    schema: listDirectoryFlaggedRoute,
    access: { permission: 'org.create', scope: 'root' },
  },
  listDirectoryRuns: {
    method: 'GET',
    path: '/api/directory/runs',
    schema: listDirectoryRunsRoute,
    access: { permission: 'org.create', scope: 'root' },
  },
} as const satisfies Record<string, RouteSpec>;
