import type { WizardServices } from '../ui/services.js';

/**
 * WizardServices whose real implementation (conf, undici, maybe the sandbox) is built on first use,
 * so the wizard's first frame is on screen before any of that loads.
 */
export function lazyServices(load: () => Promise<WizardServices>): WizardServices {
  let loaded: WizardServices | undefined;
  let loading: Promise<WizardServices> | undefined;
  const get = () => {
    loading ??= load().then((services) => {
      loaded = services;
      return services;
    });
    return loading;
  };
  return {
    listAccounts: async () => (await get()).listAccounts(),
    savedCredentials: async (username) => (await get()).savedCredentials(username),
    authorize: async (request) => (await get()).authorize(request),
    creatorInfo: async (username) => (await get()).creatorInfo(username),
    checkVideo: async (input, creator, signal) => (await get()).checkVideo(input, creator, signal),
    checkImage: async (url, signal) => (await get()).checkImage(url, signal),
    publish: async (username, job, reporter, signal) =>
      (await get()).publish(username, job, reporter, signal),
    previewFeed: async (request, signal) => (await get()).previewFeed(request, signal),
    runFeed: async (request, reporter, signal) => (await get()).runFeed(request, reporter, signal),
    // Asked when the user picks the schedule: long after the first call has loaded everything.
    sheetDefaults: () => loaded?.sheetDefaults(),
    previewSchedule: async (request, signal) => (await get()).previewSchedule(request, signal),
    runSchedule: async (request, reporter, signal) => (await get()).runSchedule(request, reporter, signal),
  };
}
