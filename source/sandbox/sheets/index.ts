export {
  createSheetsEmulator,
  GOOGLE_TOKEN_URL,
  type SheetsEmulator,
  type SheetsEndpoint,
  type SheetsFault,
  type SheetsRequestLog,
  TOKEN_PATH,
} from './emulator.js';
