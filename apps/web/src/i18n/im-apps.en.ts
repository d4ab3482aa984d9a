import type { imAppsZh } from './im-apps.zh-CN.ts';

export const imAppsEn: Readonly<Record<keyof typeof imAppsZh, string>> = {
  'nav.imApps': 'WeChat Work & DingTalk',
  'imApps.title': 'WeChat Work & DingTalk',
  'imApps.intro':
    'Opened inside WeChat Work or DingTalk, OpenSeal signs people in by themselves (accounts linked by campus ID); kiosks sign in by scanning a QR code. Waiting approvals, ready credentials, contracts to sign and risk alerts arrive as app messages. Accounts with a second factor (the three security roles among them) still give their code after the app vouches for them.',
  'imApps.wecom': 'WeChat Work',
  'imApps.dingtalk': 'DingTalk',
  'imApps.enabled': 'Enabled',
  'imApps.corpId': 'Corp ID',
  'imApps.agentId': 'App AgentId',
  'imApps.appKey': 'AppKey (Client ID)',
  'imApps.secret': 'App secret',
  'imApps.callbackToken': 'Callback token',
  'imApps.encodingAesKey': 'Callback EncodingAESKey',
  'imApps.secretKept': 'Set (leave empty to keep it)',
  'imApps.apiBaseUrl': 'API address',
  'imApps.apiBaseUrlHint': "Empty: the vendor's own hosts; set only when reached through a proxy.",
  'imApps.signInCallback': 'OAuth redirect address (register its domain as trusted in the app)',
  'imApps.eventCallback': 'Event callback address',
  'imApps.save': 'Save',
  'imApps.saved': 'Saved',
  'imApps.notSet': 'Not configured',
  'imApps.signInQr.wecom': 'Scan with WeChat Work',
  'imApps.signInQr.dingtalk': 'Scan with DingTalk',
  'imApps.signInApp.wecom': 'Sign in with WeChat Work',
  'imApps.signInApp.dingtalk': 'Sign in with DingTalk',
};
