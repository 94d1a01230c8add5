/** Many cities into one (issue 16): each city's book reduced to its rows, then stacked and counted. */
export { readCity, municipalityOfTitle, LACK_LABEL, NO_CODE, type CityRecord, type CityRow, type Lack, type LackKind } from './city';
export { consolidate, type Consolidation, type CityLine, type CountLine, type Unreadable } from './consolidate';
export { consolidationSheets, codeText, CONSOLIDATED_SHEET, ROWS_HEADERS } from './sheets';
