// zh-CN messages of the account pages (second factor, passwords, resets); account.en.ts must provide every key.
export const accountZh = {
  'account.title': '账户与安全',
  'account.menu': '账户与安全',
  'account.back': '返回',
  // First sign-in: enrol an authenticator
  'totp.enrolTitle': '绑定身份验证器',
  'totp.enrolIntro':
    '您的角色要求登录时使用二次验证。请在手机上打开身份验证器应用（如 Microsoft Authenticator、Google Authenticator、FreeOTP 或企业微信/钉钉的动态码功能），按以下三步完成绑定。',
  'totp.step.scan': '扫描二维码',
  'totp.step.scanHint': '在身份验证器应用中选择“添加账户”并扫描下方二维码。',
  'totp.step.manual': '无法扫码时，手动输入以下密钥（基于时间，6 位，30 秒）：',
  'totp.step.confirm': '输入动态码',
  'totp.step.confirmHint': '输入应用中显示的当前 6 位动态码，以确认绑定成功。',
  'totp.code': '动态码',
  'totp.codeHint': '请输入 6 位数字动态码',
  'totp.confirm': '确认绑定',
  'totp.starting': '正在生成密钥…',
  'totp.recoveryTitle': '保存恢复码',
  'totp.recoveryIntro':
    '绑定成功。以下 10 个恢复码只显示这一次：手机丢失时，每个恢复码可代替动态码登录一次。请打印或抄写后妥善保管，不要与密码放在一起。',
  'totp.recoverySaved': '我已妥善保存这些恢复码',
  'totp.recoveryCopy': '复制全部',
  'totp.recoveryCopied': '已复制',
  'totp.continue': '进入控制台',
  'totp.signOut': '退出登录',
  // Replacing an enrolled authenticator
  'totp.replaceTitle': '更换身份验证器',
  'totp.replaceIntro':
    '更换需要同时验证当前密码和旧身份验证器中的当前动态码；新身份验证器确认前，旧的仍然有效。',
  'totp.replaceStart': '验证并开始更换',
  'totp.replaced': '已更换身份验证器，旧身份验证器和旧恢复码已失效。',
  'totp.enrolled': '已绑定身份验证器',
  'totp.notEnrolled': '尚未绑定身份验证器',
  'totp.enrolNow': '绑定身份验证器',
  // Passwords
  'password.changeTitle': '修改密码',
  'password.current': '当前密码',
  'password.currentHint': '请输入当前密码',
  'password.new': '新密码',
  'password.newHint': '新密码至少 12 个字符',
  'password.repeat': '再次输入新密码',
  'password.mismatch': '两次输入的新密码不一致',
  'password.submit': '保存新密码',
  'password.changed': '密码已修改，其他设备上的登录已退出。',
  'password.forcedTitle': '请设置新密码',
  'password.forcedIntro':
    '系统管理员于 {at} 重置了您的密码。您刚才使用的是一次性重置码，请设置只有您自己知道的新密码后继续。',
  'password.forcedCurrent': '一次性重置码',
  'password.forcedCurrentHint': '请输入登录时使用的一次性重置码',
  // Admin reset (system admin, users page)
  'reset.button': '重置密码',
  'reset.title': '重置 {name} 的密码',
  'reset.intro':
    '重置后原密码立即失效，该用户的所有登录被退出。系统生成一次性重置码，只有该用户所在单位的负责人能查看并转交给本人；您不会看到重置码。用户用它登录后必须设置新密码，重置码 72 小时内有效。',
  'reset.alsoTotp': '同时解除其身份验证器（手机和恢复码都已丢失时）',
  'reset.submit': '重置',
  'reset.done': '已重置。重置码已发送给单位负责人：{names}，有效期至 {at}。',
  // Unit heads hand reset codes over
  'handover.title': '待转交的重置码',
  'handover.intro':
    '以下人员的密码已被系统管理员重置。请核实本人身份后查看重置码并当面转交；每个重置码只能查看一次。',
  'handover.person': '人员',
  'handover.issuedAt': '重置时间',
  'handover.expiresAt': '有效期至',
  'handover.reveal': '查看重置码',
  'handover.revealed': '已查看',
  'handover.codeTitle': '{name} 的一次性重置码',
  'handover.codeHint': '此码只显示这一次。请当面交给本人，对方登录后须立即设置新密码。',
  'handover.none': '没有待转交的重置码',
  // Login with a recovery code
  'login.useRecovery': '手机不在身边？使用恢复码',
  'login.useTotp': '使用身份验证器动态码',
  'login.recovery': '恢复码',
  'login.recoveryHint': '请输入形如 abcde-23456 的恢复码',
  // 三员分立 conflicts for the auditor
  'conflicts.title': '发现违反三员分立的授权',
  'conflicts.intro': '以下人员同时持有安全角色和其他角色。其业务角色不生效，请安全管理员撤销多余的角色：',
  'conflicts.none': '未发现违反三员分立的授权',
} as const;
