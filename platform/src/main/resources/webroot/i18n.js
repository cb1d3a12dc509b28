// User-facing text of the console: zh-CN by default, English on request (?lang=en or the button).
window.ANXIN_TEXT = {
  "zh-CN": {
    "board.title": "告警看板",
    "board.empty": "当前没有未处理的告警。",
    "board.summary": "未处理告警 {total} 条，其中紧急（P1）{p1} 条",
    "live.on": "实时",
    "live.connecting": "正在连接…",
    "lang.switch": "English",
    "signin.title": "登录", "signin.username": "用户名", "signin.password": "密码", "signin.submit": "登录",
    "signin.failed": "用户名或密码错误。", "signin.throttled": "登录失败次数过多，请稍后再试。",
    "signin.unavailable": "暂时无法登录，请稍后重试。", "signout": "退出登录",
    "role.STAFF": "护理员", "role.SUPERVISOR": "主管", "role.FAMILY": "家属", "role.BUREAU": "民政局", "role.ADMIN": "管理员",
    "col.severity": "级别", "col.rule": "事件", "col.elder": "老人", "col.site": "所属机构",
    "col.where": "设备 / 位置", "col.time": "发生时间", "col.count": "次数", "col.status": "状态",
    "rule.FALL": "跌倒",
    "status.OPEN": "待处理", "status.ACKNOWLEDGED": "已确认", "status.CALLING": "回访中",
    "status.DISPATCHED": "已派单", "status.ON_SITE": "已到场", "status.RESOLVED": "已处置",
    "status.FALSE_ALARM": "误报",
    "zone.bathroom": "卫生间", "zone.bedroom": "卧室", "zone.living_room": "客厅", "zone.kitchen": "厨房"
  },
  "en": {
    "board.title": "Alert board",
    "board.empty": "No open alerts.",
    "board.summary": "{total} open alerts, {p1} of them urgent (P1)",
    "live.on": "Live",
    "live.connecting": "Connecting…",
    "lang.switch": "中文",
    "signin.title": "Sign in", "signin.username": "Username", "signin.password": "Password", "signin.submit": "Sign in",
    "signin.failed": "Wrong username or password.", "signin.throttled": "Too many failed sign-ins; try again later.",
    "signin.unavailable": "Cannot sign in right now; please try again later.", "signout": "Sign out",
    "role.STAFF": "Staff", "role.SUPERVISOR": "Supervisor", "role.FAMILY": "Family", "role.BUREAU": "Bureau", "role.ADMIN": "Administrator",
    "col.severity": "Severity", "col.rule": "Event", "col.elder": "Elder", "col.site": "Centre",
    "col.where": "Device / place", "col.time": "Happened at", "col.count": "Count", "col.status": "Status",
    "rule.FALL": "Fall",
    "status.OPEN": "Open", "status.ACKNOWLEDGED": "Acknowledged", "status.CALLING": "Calling",
    "status.DISPATCHED": "Dispatched", "status.ON_SITE": "On site", "status.RESOLVED": "Resolved",
    "status.FALSE_ALARM": "False alarm",
    "zone.bathroom": "bathroom", "zone.bedroom": "bedroom", "zone.living_room": "living room", "zone.kitchen": "kitchen"
  }
};
