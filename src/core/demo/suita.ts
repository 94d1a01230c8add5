/**
 * The demo plan: chapter 6 of 吹田市第4期情報化推進計画（中間見直し素案）, in ../shared/seed/.
 * 予定 and 実績 are transcribed as written in the document, odd ones included (▲, 「(本年度末測定)」, 「-」,
 * two indicators in one cell), so the demo exercises the parser. Where a plan's cell holds two indicators,
 * each indicator's 予定 is its own segment of that cell; a 実績 cell holding two indicators is kept whole in
 * the first reporting department's tab, as the document has it.
 * 概要・目的・成果目標 are the document's texts (suita-texts.ts).
 * Plans owned by 「全室課」 or by 「…を実施する室課」 are reported by the coordinating department (情報政策室).
 * The mid-term revision is modelled as the document states it (【令和元年度～令和3年度】/【令和4年度～令和5年度】):
 * No.1, No.4, No.6, No.13 and No.20 change their indicator from FY2022 (versions, indicator-versions.ts; No.13's new
 * one is reported by another department, 危機管理室). No.2's 住民票等, which the revision adds, stays without 適用年度:
 * the document reports its FY2020 実績 (in 税制課's cell), and limiting it to FY2022– would drop a figure the document
 * publishes. No.16 is one indicator: its first period's measure (延べ利用職員数 200人) has no 予定 or 実績 in the
 * table ('-'), and its FY2020 実績 2,124回 is the new measure's (開催回数), the base of the FY2022– target: as two
 * versions, that figure would sit in FY2020 under the first period's measure, which it is not.
 */
import type { SeedEntry } from '../jobs';
import type { MasterRow } from '../layout/master';
import type { SettingsInput } from '../layout/settings';
import type { Scalar } from '../workbook';
import { demoPlanTexts } from './suita-texts';

const SERVICE = '市民のためのサービスデザイン';
const SAFETY = '市民を守るICT';
const OFFICE = '業務改善を支えるICT';
const COORDINATOR = '情報政策室';
/** 改定根拠 of the demo's changes: the document is the revision's draft and names no meeting or day of decision. */
const REVISION = '中間見直し素案（令和3年度）。決定した会議・日付は素案に記載なし';
/** A version in force 2019–2021, and the one that replaces it from 2022 (the document's two 評価指標 periods). */
const BEFORE = { validFrom: 2019, validTo: 2021 };
const after = (revises: string) => ({ validFrom: 2022, validTo: 2023, revises, basis: REVISION });

export const demoSettings: SettingsInput = {
  title: '吹田市第4期 情報化推進計画',
  firstYear: 2019,
  lastYear: 2023,
  // The document was written in FY2021, when FY2020 was the latest year with figures.
  evaluationYear: 2020,
  scaleName: '愛知型',
  coordinatorDept: COORDINATOR,
  coordinators: [],
  // Not in the document: an illustrative deadline for FY2020's figures, so the demo's 督促 mails carry one.
  deadline: '令和3年5月31日',
  // 全国地方公共団体コード of 吹田市: 大阪府 27, 吹田市 205 (総務省「都道府県コード及び市区町村コード」), check digit 1 as
  // export/municipality-code.ts computes it (test/core/open-data.test.ts). Not in the plan document itself.
  municipalityCode: '272051',
};

type Plan = Pick<MasterRow, 'no' | 'policy' | 'theme' | 'actionPlan' | 'ownerDepts' | 'relatedDepts'>;
const plan = (no: number, policy: string, theme: string, actionPlan: string, ownerDepts: string, relatedDepts = ''): Plan => ({
  no, policy, theme, actionPlan, ownerDepts, relatedDepts,
});
type IndicatorPart = Omit<MasterRow, keyof Plan>;
const ind = (name: string, unit: string, reportingDept: string, targets: Record<number, Scalar>, extra: Partial<IndicatorPart> = {}): IndicatorPart => ({
  name, unit, reportingDept, targets, ...extra,
});
/** A plan's indicator rows; its 概要・目的・成果目標 (suita-texts.ts) go on the first row, as one row of a plan is enough. */
const rows = (p: Plan, ...inds: IndicatorPart[]): MasterRow[] => inds.map((i, k) => ({ ...p, ...i, ...(k === 0 ? demoPlanTexts[p.no] : {}) }));
const excluded = (p: Plan, state: MasterRow['state'], note: string): MasterRow => ({
  ...p, name: '', unit: '', reportingDept: '', targets: {}, state, note,
});

export const demoMaster: MasterRow[] = [
  ...rows(plan(1, SERVICE, '手続', '手続の電子化', '電子申込又は電子申請を実施する全室課', COORDINATOR),
    ind('申込み', '%', COORDINATOR, { 2019: '申込み 10%', 2020: '申込み 20%', 2021: '申込み 30%' }, { note: '電子申込システムを利用する各手続のシステム利用率の平均', ...BEFORE }),
    ind('電子化率', '%', COORDINATOR, { 2022: '電子化率 45%', 2023: '電子化率 100%' }, { note: '電子化対象手続の電子化率', ...after('申込み') })),
  ...rows(plan(2, SERVICE, '手続', 'コンビニエンスストア等での証明交付の拡充', '税制課、市民課'),
    ind('課税証明', '件', '税制課', { 2020: '課税証明 650件', 2021: '課税証明 800件', 2022: '課税証明 6,500件', 2023: '課税証明 7,000件' }),
    ind('住民票等', '件', '市民課', { 2022: '住民票等 46,600件', 2023: '住民票等 58,300件' }, { note: '住民票・戸籍謄抄本・印鑑登録等証明書' })),
  excluded(plan(3, SERVICE, '手続', '納税者の利便性向上', ''), '削除', '国が整備するシステムを利用する施策で、吹田市独自でアクションを行う施策でないため削除'),
  ...rows(plan(4, SERVICE, '手続', 'Web施設予約システムの導入', 'Web施設予約を実施する室課', COORDINATOR),
    ind('施設稼働率の上昇', '%', COORDINATOR, { 2020: '10.0%', 2021: '15%' }, { note: '各施設の稼働率の平成30年度比の平均上昇率', ...BEFORE }),
    ind('予約できる施設数', '施設', COORDINATOR, { 2022: '31施設', 2023: '34施設' },
      { note: 'Web施設予約システムにより空き状況の確認や予約手続を行える各種公共施設数', ...after('施設稼働率の上昇') })),
  ...rows(plan(5, SERVICE, '情報発信', 'ホームページ等における情報発信の充実', '広報課、全室課', COORDINATOR),
    ind('閲覧者数', '人', '広報課',
      { 2019: '閲覧者数 148,000人', 2020: '閲覧者数 154,500人', 2021: '閲覧者数 161,000人', 2022: '閲覧者数 167,500人', 2023: '閲覧者数 174,000人' },
      { baseline: 144865, baselineYear: 2017, note: 'ホームページの月平均閲覧者数。基準値は平成29年度の月平均訪問者数（参考）' }),
    ind('登録者数', '人', '広報課', { 2022: '登録者数 83,200人', 2023: '登録者数 90,400人' },
      { baseline: 53051, baselineYear: 2019, note: '公式SNSの登録者数。基準値は令和2年3月時点（参考）' })),
  ...rows(plan(6, SERVICE, '情報発信', 'オープンデータの推進と地図情報の活用', '全室課', '広報課、情報政策室、市民総務室'),
    ind('オープン化', '%', COORDINATOR, { 2019: 'オープン化 10%', 2020: 'オープン化 20%', 2021: 'オープン化 30%' },
      { note: 'オープンデータ公開ファイル数の平成30年度比の上昇率（平成30年度 775件）', ...BEFORE }),
    ind('オープンデータ 閲覧数', '人', COORDINATOR, { 2022: 'オープンデータ 閲覧数 15,500人', 2023: 'オープンデータ 閲覧数 17,000人' },
      { baseline: 14042, baselineYear: 2020, note: '年間1,500人ずつ増やす。基準値は令和2年度（参考）', ...after('オープン化') })),
  excluded(plan(7, SERVICE, '福祉・健康', '介護保険事務の総合的な見直しとシステムの再構築', ''), '完了',
    '見直しとシステム再構築は完了（令和3年12月時点で約20,000時間削減）。No.22 情報システムの標準化・共通化に移行'),
  excluded(plan(8, SERVICE, '福祉・健康', '健康増進支援のためのシステム導入', ''), '省略', '計画書で記載を省略'),
  excluded(plan(9, SERVICE, '福祉・健康', '情報共有できるシステム導入', ''), '省略', '計画書で記載を省略'),
  ...rows(plan(10, SERVICE, '子育て・学び', '図書館資料の電子化', '中央図書館'),
    ind('地域資料', '点', '中央図書館', { 2021: '地域資料 150点', 2022: '地域資料 300点', 2023: '地域資料 450点' },
      { cumulative: true, note: '地域資料等のデジタル化点数。年間150点ずつ（累計）' }),
    ind('電子書籍回転数', '回', '中央図書館', { 2022: '電子書籍回転数 2.9回', 2023: '電子書籍回転数 3回' },
      { baseline: 2.8, baselineYear: 2021, note: '電子書籍1冊あたりの年間貸出回数。基準値は令和3年度（参考）' })),
  excluded(plan(11, SERVICE, '子育て・学び', '入園事務支援のためのシステム再構築', ''), '省略', '計画書で記載を省略'),
  ...rows(plan(12, SERVICE, '子育て・学び', '小中学校のICT環境の充実', '教育センター', '教育政策室'),
    ind('プロジェクター', '%', '教育センター',
      { 2019: 'プロジェクター 20%', 2020: 'プロジェクター 50%', 2021: 'プロジェクター 70%', 2022: 'プロジェクター 90%', 2023: 'プロジェクター 100%' },
      { note: '各教室の授業におけるプロジェクター利用率' }),
    ind('残業時間削減', '%', '教育センター', { 2022: '残業時間削減 5%', 2023: '残業時間削減 20%' },
      { note: '教職員年間総残業時間の削減率（令和2年度 664,925時間）' })),
  ...rows(plan(13, SAFETY, '防災・防犯', '施設のICT環境の充実', 'まなびの支援課、市民自治推進室、その他施設を管理する室課、危機管理室', COORDINATOR),
    ind('公衆無線LANアクセス回数', '回', 'まなびの支援課', { 2019: '1,000回', 2020: '3,000回', 2021: '7,000回' },
      { note: '地区公民館の公衆無線LAN（Wi-Fi）への延べアクセス回数', ...BEFORE }),
    ind('避難所施設の整備率', '%', '危機管理室', { 2022: '100%', 2023: '100%' },
      { note: '避難所施設（142施設）の公衆無線LAN（Wi-Fi）整備率', ...after('公衆無線LANアクセス回数') })),
  excluded(plan(14, SAFETY, '防災・防犯', '災害時の情報収集の強化', ''), '省略', '計画書で記載を省略'),
  ...rows(plan(15, SAFETY, '防災・防犯', '街頭防犯カメラのネットワーク対応の推進', '危機管理室'),
    ind('ネットワーク対応防犯カメラ', '拠点', '危機管理室', { 2021: '331拠点', 2022: '613拠点', 2023: '899拠点' },
      { note: '街頭防犯カメラの設置拠点数（ネットワーク対応機器へ更新）' })),
  ...rows(plan(16, OFFICE, '内部事務最適化', '働き方改革の推進', COORDINATOR, '総務室、人事室'),
    ind('会議システム', '回', COORDINATOR, { 2019: '-', 2020: '-', 2021: '-', 2022: '会議システム 2,700回', 2023: '会議システム 3,000回' },
      { baseline: 2124, baselineYear: 2020, note: 'オンライン会議システムでの会議の年間開催回数。基準値は令和2年度実績（参考）' }),
    ind('テレワーク実施', '人', COORDINATOR, { 2022: 'テレワーク実施 500人', 2023: 'テレワーク実施 1000人' })),
  ...rows(plan(17, OFFICE, '内部事務最適化', '文書管理事務等の電子化と効率化', '法制室、会計室', COORDINATOR),
    ind('文書の電子化率', '%', '法制室', { 2023: '文書の電子化率 70%' })),
  excluded(plan(18, OFFICE, '内部事務最適化', '庁内ネットワークの無線化', ''), '削除', '前倒しにて整備完了したため削除'),
  ...rows(plan(19, OFFICE, '内部事務最適化', '最新技術の活用と調査研究', '情報政策室、全室課'),
    ind('削減時間', '時間', COORDINATOR, { 2020: '100時間', 2021: '100時間', 2022: '4,110時間', 2023: '6,060時間' },
      { note: 'RPA・AI等の活用による年間削減時間（令和元年度比）' })),
  ...rows(plan(20, OFFICE, '内部事務最適化', '情報セキュリティの強化', '情報政策室、市民総務室、人事室、全室課'),
    ind('研修参加人数', '人', COORDINATOR, { 2019: '200人', 2020: '200人', 2021: '200人' },
      { baseline: 148, baselineYear: 2018, note: '情報セキュリティ研修の参加人数。基準値は平成30年度（参考）', ...BEFORE }),
    ind('研修受講率', '%', COORDINATOR, { 2022: '100%', 2023: '100%' }, after('研修参加人数'))),
  ...rows(plan(21, SERVICE, '手続', 'キャッシュレス決済の導入拡充', 'キャッシュレス決済を導入する全室課', '企画財政室'),
    ind('導入室課', '%', COORDINATOR, { 2022: '導入室課：70%', 2023: '導入室課：100%' }, { note: 'キャッシュレス決済を導入している室課の割合' }),
    ind('コード決済を利用可能な歳入', '種類', COORDINATOR,
      { 2022: 'コード決済を利用可能な歳入 80種類', 2023: 'コード決済を利用可能な歳入 100種類' })),
  ...rows(plan(22, OFFICE, '内部事務最適化', '情報システム等の標準化・共通化', '対象システム所管室課', COORDINATOR),
    ind('標準準拠システムの構築開始', '業務', COORDINATOR, { 2023: '2業務' }, { note: '住民記録・税務の2業務' })),
];

/** 実績 as written in the document, in the reporting department's tab. */
export const demoEntries: SeedEntry[] = [
  { dept: COORDINATOR, no: 1, name: '申込み', actuals: { 2019: '申込み 30.7%', 2020: '申込み 32.8%', 2021: '(本年度未測定)' } },
  { dept: '税制課', no: 2, name: '課税証明', actuals: { 2019: '-', 2020: '課税証明 1,730件 住民票等 36,104件', 2021: '(本年度未測定)' } },
  { dept: COORDINATOR, no: 4, name: '施設稼働率の上昇', actuals: { 2020: '▲16.7%', 2021: '(本年度未測定)' } },
  { dept: '広報課', no: 5, name: '閲覧者数', actuals: { 2019: '閲覧者数 234,964人', 2020: '閲覧者数 349,879人', 2021: '閲覧者数 (本年度未測定)' } },
  { dept: COORDINATOR, no: 6, name: 'オープン化', actuals: { 2019: 'オープン化 +96.3%', 2020: 'オープン化 +115.48%', 2021: '(本年度未測定)' } },
  { dept: '中央図書館', no: 10, name: '地域資料', actuals: { 2021: '（本年度未測定）' } },
  { dept: '教育センター', no: 12, name: 'プロジェクター', actuals: { 2019: 'プロジェクター 71.4%', 2020: 'プロジェクター 88.9%', 2021: '(本年度未測定)' } },
  { dept: 'まなびの支援課', no: 13, name: '公衆無線LANアクセス回数', actuals: { 2019: '5,270回', 2020: '4,991回', 2021: '(本年度未測定)' } },
  { dept: '危機管理室', no: 15, name: 'ネットワーク対応防犯カメラ', actuals: { 2021: '(本年度未測定)' } },
  { dept: COORDINATOR, no: 16, name: '会議システム', actuals: { 2019: '-', 2020: '会議システム 2,124回', 2021: '(本年度末測定)' } },
  { dept: COORDINATOR, no: 19, name: '削減時間', actuals: { 2020: '233時間', 2021: '(本年度未測定)' } },
  { dept: COORDINATOR, no: 20, name: '研修参加人数', actuals: { 2019: '115人', 2020: '441人', 2021: '(本年度末測定)' } },
];
