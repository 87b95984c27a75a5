/** The Node file adapter: .xlsx and .csv in, .xlsx out. */
export { InputFileError } from './errors';
export {
  openWorkbookFiles,
  type FileWorkbookSource,
  type InputSheet,
  type OpenOptions,
} from './source';
export { streamCsvRows, parseCsvText, csvSheetName, CSV_DELIMITERS } from './csv/csv-read';
export {
  readCheckedFile,
  checkXlsxBytes,
  checkCsvBytes,
  inputKind,
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_UNCOMPRESSED,
  DEFAULT_MAX_RATIO,
  type FileLimits,
} from './inspect';
export {
  createXlsxWriter,
  assertNotAnInput,
  csvCellForWorkbook,
  type XlsxWriterOptions,
} from './xlsx/write/xlsx-write';
export { saveSnapshotXlsx, snapshotToWorkbook } from './xlsx/write/snapshot-xlsx';
export { addXlfnPrefixes, removeXlfnPrefixes } from './xlsx/xlfn';
export { normaliseCellValue, dateToSerial } from './xlsx/read/xlsx-read';
