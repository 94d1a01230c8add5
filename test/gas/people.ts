/**
 * The people of the fake city hall the Sheets tests sign in as. What each one may do is the test's 設定: these are
 * only their addresses (one spelling everywhere, so a test can combine them).
 */
/** Owns the spreadsheet. */
export const OWNER = 'owner@city.example.lg.jp';
/** The coordinator (調整担当者) who runs the add-in. */
export const KIKAKU = 'kikaku@city.example.lg.jp';
/** A second coordinator, whose right to the file may come only through a Google Group. */
export const KIKAKU2 = 'kikaku2@city.example.lg.jp';
/** 広報課's 入力担当者 (KOHO2 its second one). */
export const KOHO = 'koho@city.example.lg.jp';
export const KOHO2 = 'koho2@city.example.lg.jp';
/** 税制課's 入力担当者. */
export const ZEI = 'zei@city.example.lg.jp';
/** Edits the file (through the all-staff group) but has no role. */
export const STAFF = 'staff@city.example.lg.jp';
