import { accountServices } from './account-services.js';
import { sourceRuns } from './locked-runs.js';
import { postServices } from './post-services.js';
import { recordServices } from './record-services.js';
import { sourceServices } from './reviewed-runs.js';
import type { Runtime } from './runtime.js';
import type { Agoras } from './service-types.js';

/**
 * The one service both front ends call — the wizard through its injected `Agoras`, the commands
 * through their IO — read as a table of contents: every method, and the module that does it.
 * Everything either front end does to TikTok or the store goes through these.
 */
export function createAgoras(
  runtime: Runtime,
  options: { openBrowser?(url: string): Promise<void> } = {},
): Agoras {
  const accounts = accountServices(runtime, options);
  const posts = postServices(runtime);
  const reviewed = sourceServices(runtime);
  const locked = sourceRuns(runtime);
  const records = recordServices(runtime);
  return {
    // Accounts (account-services.ts)
    listAccounts: accounts.listAccounts,
    checkAccounts: accounts.checkAccounts,
    savedCredentials: accounts.savedCredentials,
    authorize: accounts.authorize,
    removeAccount: accounts.removeAccount,
    setDefaultAccount: accounts.setDefaultAccount,
    capUsage: accounts.capUsage,
    creatorInfo: accounts.creatorInfo,
    // A post (post-services.ts)
    checkVideo: posts.checkVideo,
    checkImage: posts.checkImage,
    mediaHost: posts.mediaHost,
    saveMediaHost: posts.saveMediaHost,
    fixVideo: posts.fixVideo,
    fixImage: posts.fixImage,
    previewConversions: posts.previewConversions,
    publish: posts.publish,
    // Feeds and the schedule, reviewed then run (the wizard: reviewed-runs.ts)
    previewFeed: reviewed.previewFeed,
    runFeed: reviewed.runFeed,
    sheetDefaults: reviewed.sheetDefaults,
    previewSchedule: reviewed.previewSchedule,
    runSchedule: reviewed.runSchedule,
    // Feeds and the schedule under the account's lock (the command line: locked-runs.ts)
    feedRun: locked.feedRun,
    scheduleRun: locked.scheduleRun,
    // What became of posts, and the store (record-services.ts)
    ownerOf: records.ownerOf,
    postStatus: records.postStatus,
    history: records.history,
    storeStatus: records.storeStatus,
    migrateStore: records.migrateStore,
  };
}
