// The zh-CN catalogue: the source of the message keys; en.ts must provide every one.
export const zhCN = {
  'app.title': 'OpenSeal 电子印章平台',
  'app.shortTitle': 'OpenSeal',
  'lang.switch': 'English',
  'login.title': '登录管理控制台',
  'login.username': '用户名',
  'login.password': '密码',
  'login.submit': '登录',
  'login.usernameRequired': '请输入用户名',
  'login.passwordRequired': '请输入密码',
  'login.failed': '登录失败',
  'nav.org': '组织机构',
  'nav.users': '用户与角色',
  'nav.seals': '印章台账',
  'nav.audit': '审计日志',
  'nav.stamp': '盖章',
  'nav.logout': '退出登录',
  'page.unavailable': '暂未开放',
  'page.unavailableHint': '服务器尚未提供此功能的接口。',
  'page.empty': '暂无数据',
  'page.loadFailed': '加载失败',
  'error.network': '无法连接服务器，请检查网络后重试。',
  'error.unexpected': '服务器返回了无法识别的响应（HTTP {status}）。',
  'stamp.hint': '上传 PDF、选择印章并在页面预览上确定位置。',
  'session.checking': '正在检查登录状态…',
} as const;

export type MessageKey = keyof typeof zhCN;
export type Catalogue = Readonly<Record<MessageKey, string>>;
