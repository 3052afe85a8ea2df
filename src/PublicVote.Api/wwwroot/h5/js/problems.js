// Every ProblemDetails `type` of the API (docs/problems.md) as a plain Chinese sentence for the citizen.
// Keys are the part after "urn:publicvote:problem:". A test checks that every type in Problems.cs is here.
import { fmtDateTime } from './dom.js';

const PREFIX = 'urn:publicvote:problem:';
const AGAIN = '请返回活动页面重新进入。';

const MESSAGES = {
  // Voting
  'already-voted-for-candidate': '您今天已经给这位候选人投过票了，明天可以再投。',
  'daily-limit-reached': '您今天的票已经全部投完了，明天再来吧。',
  'voting-not-started': (p) => `投票还没有开始${p?.votingStartsAt ? `，${fmtDateTime(p.votingStartsAt)} 开始` : ''}。`,
  'voting-closed': '投票已经结束，感谢您的关注。',
  'candidate-not-votable': '这位候选人目前不能接受投票。',
  'candidate-not-found': '没有找到这位候选人，请检查编号。',
  'campaign-not-found': '没有找到这个评选活动，请检查链接。',
  'idempotency-key-reused': '这次投票请求有误，请重新点一次投票。',
  'rate-limited': (p, seconds) => `操作太频繁了，请 ${seconds || p?.retryAfterSeconds || 5} 秒后再试。`,
  'service-unavailable': '系统繁忙，请稍后再试。重试不会重复计票。',
  'live-counts-hidden': '本活动在投票期间不公布票数。',
  'category-daily-limit-reached': '您今天在这个类别的票已经投完了，可以给其他类别投票，或明天再来。',
  // Public notices
  'objection-invalid': '异议内容有误，请按提示修改后再提交。',
  'objections-closed': '现在不在公示期，暂时不受理异议。',
  'results-not-published': '评选结果尚未公布，请留意活动通知。',
  // Sign-in
  'session-required': '请先用微信登录，再投票。',
  'session-invalid': '登录信息无效，请重新登录。',
  'session-expired': '登录已过期，请重新登录。',
  'session-wrong-campaign': '您登录的是另一个活动，请重新登录。',
  'invalid-return-url': `登录链接有误，${AGAIN}`,
  'login-state-mismatch': `登录超时了，${AGAIN}`,
  'wechat-authorization-denied': '您没有同意微信授权，所以不能投票；浏览不受影响。',
  'wechat-code-invalid': `登录链接已失效，${AGAIN}`,
  'wechat-snapshot-user': '当前是微信快照页，不能投票。请点页面右下角「使用完整服务」，授权后即可投票。',
  'wechat-unavailable': '微信暂时没有响应，请稍后再试。',
  'wechat-not-configured': '本站暂未开通微信登录，暂时不能投票。',
  'jssdk-url-not-allowed': '微信分享暂不可用，您可以复制链接发给朋友。',
  // Requests
  'invalid-request': '请求有误，请刷新页面后再试。',
  'validation-failed': '填写的内容有误，请检查后再提交。',
  'not-found': '您要找的内容不存在。',
  'method-not-allowed': '请求有误，请刷新页面后再试。',
  'internal-error': '系统出了点问题，请稍后再试。',
  // Organizer console (not shown on citizens' pages, mapped so that no message is ever in English)
  'admin-login-required': '请先登录管理后台。',
  'admin-role-required': '您的账号没有这项操作的权限。',
  'admin-not-configured': '管理后台尚未配置。',
  'login-failed': '用户名或密码不正确。',
  'login-locked': '登录失败次数过多，请稍后再试。',
  'account-disabled': '该账号已停用。',
  'antiforgery-token-invalid': '页面已过期，请刷新后再试。',
  'weak-password': '密码太简单：至少 12 位，且不能与用户名相同。',
  'user-name-taken': '该用户名已被使用。',
  'account-not-found': '没有这个账号。',
  'grant-exists': '该账号已有这项权限。',
  'grant-not-found': '该账号没有这项权限。',
  'last-admin': '这是最后一个管理员账号，不能停用或撤销。',
  'invalid-campaign-definition': '活动配置文件有误，请检查后再导入。',
  'objection-not-found': '没有找到这条异议。',
  'fraud-case-not-found': '没有找到这个刷票线索。',
  'fraud-case-conflict': '这个线索当前的状态不能进行这项操作。',
  'votes-not-in-case': '所选的票不属于这个线索，请刷新后重试。',
  'objection-already-resolved': '这条异议已经处理过了。',
  'phase-change-refused': '当前不能这样调整活动阶段。',
  'phase-not-in-campaign': '本活动没有这个阶段。',
  'invalid-candidate': '候选人信息填写有误，请按提示修改。',
  'candidate-number-taken': '这个编号已被其他候选人使用。',
  'candidate-state-conflict': '候选人当前的状态不能进行这项操作。',
  'district-quota-exceeded': '该推荐单位在这个类别的推荐名额已用完。',
  'unit-limit-exceeded': '该单位在这个类别的推荐人数已达上限。',
  'invalid-import': '导入文件有误，没有导入任何数据，请按错误清单修改后重新导入。',
  'upload-too-large': '上传的文件太大。',
  'invalid-photo': '照片必须是 JPG 或 PNG 图片。',
  'photo-too-small': '照片文件太小，请上传更清晰的照片。',
  'photo-too-large': '照片文件太大，请压缩后再上传。',
  'photo-limit-reached': '照片数量已达上限。',
  'photos-missing': '照片数量不足，请先补齐照片。',
  'photo-duplicate': '这张照片已经上传过了。',
  'photo-not-found': '没有找到这张照片。',
  'thumbnailer-unavailable': '照片处理服务暂时不可用，请稍后再上传。',
  'score-sheet-invalid': '评分表有误，请按提示修改。',
  'score-sheet-locked': '评分表已提交锁定，如需修改请联系管理员解锁。',
  'score-sheet-not-found': '没有找到这张评分表。',
  'judge-not-assigned': '您没有被指派评审这个类别。',
  'candidate-not-scorable': '这位候选人目前不能评分。',
  'campaign-has-no-rubric': '本活动没有评分细则。',
  'results-incomplete': '还有候选人缺少评分，暂不能发布结果。',
  'publication-stage-invalid': '当前不能发布这个阶段的结果。',
  'republication-reason-required': '重新发布结果必须填写理由。',
};

/** The Chinese message for an ApiError (or anything thrown). */
export function messageOf(error) {
  if (!error || error.network) return '网络不太稳定，请检查网络后再试。';
  const key = error.type?.startsWith(PREFIX) ? error.type.slice(PREFIX.length) : null;
  const message = key ? MESSAGES[key] : null;
  if (typeof message === 'function') return message(error.problem, error.retryAfter);
  if (message) return message;
  // A type this page does not know yet (a newer server): say something true for its status.
  switch (Math.floor((error.status || 0) / 100)) {
    case 4:
      if (error.status === 401) return '请重新登录后再试。';
      if (error.status === 404) return MESSAGES['not-found'];
      if (error.status === 429) return MESSAGES['rate-limited'](error.problem, error.retryAfter);
      return '操作没有成功，请稍后再试。';
    case 5:
      return MESSAGES['service-unavailable'];
    default:
      return '出了点问题，请稍后再试。';
  }
}

export const problemKeys = () => Object.keys(MESSAGES);
