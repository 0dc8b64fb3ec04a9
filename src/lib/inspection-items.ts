import type { INSPECTION_OUTCOMES } from '../../db/schema';

/**
 * The closed list of what a daily inspection (000 第三章 9.1) or spot check (9.3) records, each with the
 * house manual's own text and section: 3 日常行为规范, 5 文明办公规范要求, 6 电话接听规范要求, and 7
 * 奖励方案 for commendations. The ids are stored in `inspections.item`, so an id never changes meaning.
 *
 * `day` is not a rule: it records that the employee was inspected that day and every rule not entered
 * separately was in order. A whole team's ordinary day is then one row per person, not one per rule,
 * which keeps a year of 10,000 employees' inspections small; conduct counts it as one "ok" entry.
 */
export type InspectionOutcome = (typeof INSPECTION_OUTCOMES)[number];

/** One entry of the checklist: the manual's section and text, a short title, and the outcomes it can have. */
export interface InspectionItem {
  id: string;
  /** The manual section (000 第三章) the item comes from. */
  section: '3' | '5' | '6' | '7' | 'day';
  title: string;
  titleEn: string;
  /** The manual's wording (000 第三章), for the inspector to check against. */
  text: string;
  outcomes: readonly InspectionOutcome[];
}

const RULE: readonly InspectionOutcome[] = ['ok', 'warning', 'penalty'];

/** The checklist in the manual's order; add an item with a new id, never reuse or renumber one. */
export const INSPECTION_ITEMS: readonly InspectionItem[] = [
  { id: 'day', section: 'day', title: '当日检查：其余各项无异常', titleEn: 'Inspected today: everything else in order', text: '客服经理每天不定时检查客服员工日常行为规范（第三章 9.1）；未单独记录的各项均视为符合规范。', outcomes: ['ok'] },
  { id: '3.1', section: '3', title: '仪表形象', titleEn: 'Appearance', text: '中心人员要时刻注意自身仪表形象。个人着装应干净、得体、大方，不得穿拖鞋上岗、蓄怪异发型、姿态怪异，爆粗口等。上班所穿制服必须提前熨烫。', outcomes: RULE },
  { id: '3.2', section: '3', title: '精神饱满、精力集中', titleEn: 'Alert and focused', text: '上班时间内员工应精神饱满、精力集中、保持良好的工作状态。', outcomes: RULE },
  { id: '3.3', section: '3', title: '不做与工作无关的事', titleEn: 'No unrelated activities', text: '工作时间不得从事与工作无关的事情，不得违反公司相关保密、安全等制度。尽量避免打私人电话，如必须处理私事，尽可能放在午餐时间。', outcomes: RULE },
  { id: '3.4', section: '3', title: '礼貌用语、耐心倾听、认真记录', titleEn: 'Courteous language, patient listening, notes', text: '客服中心员工在与客户交流时必须使用礼貌用语，对客户提出的问题和意见要耐心倾听，并认真做好记录。', outcomes: RULE },
  { id: '3.5', section: '3', title: '按时完成分配的工作', titleEn: 'Assigned work done on time', text: '客服中心分配的工作必须在规定的时间内完成，如不能按时完成，则必须提前说明情况，以方便客服中心工作安排。否则视为延误工作，将承担因工作延误而造成的全部损失。', outcomes: RULE },
  { id: '3.6', section: '3', title: '职业道德与团队协作', titleEn: 'Professional ethics and teamwork', text: '应树立良好的职业道德，始终维护公司利益，并在努力提高自身能力和素质的基础上形成良好的团队精神和协作精神。', outcomes: RULE },
  { id: '3.8', section: '3', title: '负责人以身作则', titleEn: 'Leads by example (supervisors)', text: '各个负责人要以身作则，严格管理以配合公司各项工作的顺利进行。', outcomes: RULE },
  { id: '3.9', section: '3', title: '按规范服务、不带情绪工作', titleEn: 'Works to standard, without bringing moods to work', text: '客服中心员工应掌握熟练的专业知识，在为客户服务的过程中每一环节都应严格按照技术规范的要求，认真负责。对于客服中心安排的工作任务必须按时优质的完成，不得消极贻工或将个人情绪带到客服工作来。', outcomes: RULE },
  { id: '5.1', section: '5', title: '不玩游戏、不浏览无关网站', titleEn: 'No games, unrelated websites or videos', text: '不准在办公区域内玩游戏和浏览与工作性质无关的网站，看视频等，发现一次给予警告或处罚。', outcomes: RULE },
  { id: '5.2', section: '5', title: '不随便带外来人员进入办公区', titleEn: 'No outsiders brought into the office', text: '不准随便将外来人员带入办公区域内，发现一次给予警告或处罚。', outcomes: RULE },
  { id: '5.3', section: '5', title: '不擅离职守、不脱岗', titleEn: 'No leaving the post', text: '不准工作时间擅离职守、脱岗，发现一次给予警告或处罚。', outcomes: RULE },
  { id: '5.4', section: '5', title: '文明办公（不摔鼠标、不爆粗口）', titleEn: 'Civil conduct in the office', text: '不准违反文明办公规范要求（如摔鼠标发泄、爆粗口等行为），发现一次给予警告或处罚。', outcomes: RULE },
  { id: '6.1', section: '6', title: '客服电话及时接听', titleEn: 'Service calls answered promptly', text: '客服电话未及时接听（如晚上在家无特殊原因不接电话），发现一次给予警告，造成严重后果的给予处罚。', outcomes: RULE },
  { id: '6.2', section: '6', title: '不用公司电话聊天、不无故长时间占线', titleEn: 'No chatting or tying up the company phone', text: '用公司电话聊天或无故长时间占用电话，发现一次，视情节严重给予警告或处罚。', outcomes: RULE },
  { id: '6.3', section: '6', title: '按标准用语接听、言词语气得当', titleEn: 'Standard phrases, proper words and tone', text: '通过电话，未按标准用语实施，出现不当言词及语气，发现一次视情节严重给予警告或处罚。', outcomes: RULE },
  { id: '6.4', section: '6', title: '其他电话接听规范（语气、精神）', titleEn: 'Other phone rules (tone, energy)', text: '其它违反电话接听规范要求的行为（如语气不善、无精打采等情况），发现一次视情节严重给予警告或处罚。', outcomes: RULE },
  { id: '7', section: '7', title: '及时更正他人错误、避免重大损失', titleEn: 'Caught and corrected an error, avoiding a major loss', text: '发现及时更正他人错误，避免造成重大损失的，由公司决定具体奖励方案。', outcomes: ['commendation'] },
];

const byId = new Map(INSPECTION_ITEMS.map((item) => [item.id, item]));

/** The checklist item with this id, or undefined for an id not on the closed list. */
export function inspectionItem(id: string): InspectionItem | undefined {
  return byId.get(id);
}

/** The id of the "inspected, nothing else to note" entry. */
export const DAY_ITEM = 'day';

/** The checklist's rule items grouped by manual section, in the manual's order, for the inspector's picker. */
export const INSPECTION_SECTIONS = (['3', '5', '6', '7'] as const).map((section) => ({ section, items: INSPECTION_ITEMS.filter((i) => i.section === section) }));
