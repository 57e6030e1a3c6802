export namespace config {
	
	export class NotifySettings {
	    crashed: boolean;
	    crashLoop: boolean;
	    finished: boolean;
	    ready: boolean;
	    terminal: boolean;
	
	    static createFrom(source: any = {}) {
	        return new NotifySettings(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.crashed = source["crashed"];
	        this.crashLoop = source["crashLoop"];
	        this.finished = source["finished"];
	        this.ready = source["ready"];
	        this.terminal = source["terminal"];
	    }
	}
	export class Recent {
	    dir: string;
	    name: string;
	    // Go type: time
	    opened: any;
	
	    static createFrom(source: any = {}) {
	        return new Recent(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.dir = source["dir"];
	        this.name = source["name"];
	        this.opened = this.convertValues(source["opened"], null);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Settings {
	    closeToTray: boolean;
	    notify: NotifySettings;
	
	    static createFrom(source: any = {}) {
	        return new Settings(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.closeToTray = source["closeToTray"];
	        this.notify = this.convertValues(source["notify"], NotifySettings);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace discover {
	
	export class Problem {
	    file: string;
	    line: number;
	    column?: number;
	    message: string;
	
	    static createFrom(source: any = {}) {
	        return new Problem(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.file = source["file"];
	        this.line = source["line"];
	        this.column = source["column"];
	        this.message = source["message"];
	    }
	}
	export class Script {
	    id: string;
	    source: string;
	    name: string;
	    command: string;
	    run: string;
	    argv?: string[];
	    env?: {[key: string]: string};
	    envFiles?: string[];
	    dir: string;
	    runner?: string;
	    description?: string;
	    pipes?: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Script(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.source = source["source"];
	        this.name = source["name"];
	        this.command = source["command"];
	        this.run = source["run"];
	        this.argv = source["argv"];
	        this.env = source["env"];
	        this.envFiles = source["envFiles"];
	        this.dir = source["dir"];
	        this.runner = source["runner"];
	        this.description = source["description"];
	        this.pipes = source["pipes"];
	    }
	}
	export class Group {
	    source: string;
	    label: string;
	    scripts: Script[];
	    problems: Problem[];
	
	    static createFrom(source: any = {}) {
	        return new Group(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.source = source["source"];
	        this.label = source["label"];
	        this.scripts = this.convertValues(source["scripts"], Script);
	        this.problems = this.convertValues(source["problems"], Problem);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	

}

export namespace editor {
	
	export class Opened {
	    file: string;
	    line: number;
	    column: number;
	    editor: string;
	    lineSupported: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Opened(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.file = source["file"];
	        this.line = source["line"];
	        this.column = source["column"];
	        this.editor = source["editor"];
	        this.lineSupported = source["lineSupported"];
	    }
	}

}

export namespace environ {
	
	export class BaseStatus {
	    layer: string;
	    shell?: string;
	    problem?: string;
	    count: number;
	    loadedAt: number;
	
	    static createFrom(source: any = {}) {
	        return new BaseStatus(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.layer = source["layer"];
	        this.shell = source["shell"];
	        this.problem = source["problem"];
	        this.count = source["count"];
	        this.loadedAt = source["loadedAt"];
	    }
	}
	export class Variable {
	    name: string;
	    value: string;
	    layer: string;
	
	    static createFrom(source: any = {}) {
	        return new Variable(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.value = source["value"];
	        this.layer = source["layer"];
	    }
	}

}

export namespace errcode {
	
	export class Failure {
	    code: string;
	    message: string;
	
	    static createFrom(source: any = {}) {
	        return new Failure(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.code = source["code"];
	        this.message = source["message"];
	    }
	}

}

export namespace events {
	
	export class LogLine {
	    seq: number;
	    proc: string;
	    stream: string;
	    time: number;
	    raw: string;
	    cut: number;
	    screen?: boolean;
	    open?: boolean;
	    modes?: string;
	
	    static createFrom(source: any = {}) {
	        return new LogLine(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.seq = source["seq"];
	        this.proc = source["proc"];
	        this.stream = source["stream"];
	        this.time = source["time"];
	        this.raw = source["raw"];
	        this.cut = source["cut"];
	        this.screen = source["screen"];
	        this.open = source["open"];
	        this.modes = source["modes"];
	    }
	}
	export class LogPage {
	    lines: LogLine[];
	    next: number;
	    gap: boolean;
	
	    static createFrom(source: any = {}) {
	        return new LogPage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.lines = this.convertValues(source["lines"], LogLine);
	        this.next = source["next"];
	        this.gap = source["gap"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace logs {
	
	export class Frame {
	    file: string;
	    line: number;
	    column: number;
	    func: string;
	
	    static createFrom(source: any = {}) {
	        return new Frame(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.file = source["file"];
	        this.line = source["line"];
	        this.column = source["column"];
	        this.func = source["func"];
	    }
	}
	export class ErrorEntry {
	    id: number;
	    proc: string;
	    time: number;
	    kind: string;
	    title: string;
	    text: string;
	    frames: Frame[];
	
	    static createFrom(source: any = {}) {
	        return new ErrorEntry(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.proc = source["proc"];
	        this.time = source["time"];
	        this.kind = source["kind"];
	        this.title = source["title"];
	        this.text = source["text"];
	        this.frames = this.convertValues(source["frames"], Frame);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace main {
	
	export class AgentApproval {
	    id: number;
	    agent: string;
	    tool: string;
	    target: string;
	    command?: string;
	    root: string;
	    summary: string;
	    always: string;
	
	    static createFrom(source: any = {}) {
	        return new AgentApproval(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.agent = source["agent"];
	        this.tool = source["tool"];
	        this.target = source["target"];
	        this.command = source["command"];
	        this.root = source["root"];
	        this.summary = source["summary"];
	        this.always = source["always"];
	    }
	}
	export class AgentConfigFile {
	    id: string;
	    agent: string;
	    path: string;
	    project: boolean;
	    exists: boolean;
	    state: string;
	    message?: string;
	
	    static createFrom(source: any = {}) {
	        return new AgentConfigFile(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.agent = source["agent"];
	        this.path = source["path"];
	        this.project = source["project"];
	        this.exists = source["exists"];
	        this.state = source["state"];
	        this.message = source["message"];
	    }
	}
	export class AgentSetup {
	    root: string;
	    command: string;
	    snippets: mcp.Snippet[];
	    files: AgentConfigFile[];
	
	    static createFrom(source: any = {}) {
	        return new AgentSetup(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.root = source["root"];
	        this.command = source["command"];
	        this.snippets = this.convertValues(source["snippets"], mcp.Snippet);
	        this.files = this.convertValues(source["files"], AgentConfigFile);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class AutostartPrompt {
	    serial: number;
	    root: string;
	    plan: session.AutostartPlan;
	
	    static createFrom(source: any = {}) {
	        return new AutostartPrompt(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.serial = source["serial"];
	        this.root = source["root"];
	        this.plan = this.convertValues(source["plan"], session.AutostartPlan);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class AutostartStatus {
	    group: string;
	    chosen: boolean;
	    fileDefault: string;
	    approved: boolean;
	
	    static createFrom(source: any = {}) {
	        return new AutostartStatus(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.group = source["group"];
	        this.chosen = source["chosen"];
	        this.fileDefault = source["fileDefault"];
	        this.approved = source["approved"];
	    }
	}

}

export namespace mcp {
	
	export class Activity {
	    time: number;
	    agent: string;
	    tool: string;
	    target: string;
	    command?: string;
	    root: string;
	    decision: string;
	    ok: boolean;
	    result: string;
	
	    static createFrom(source: any = {}) {
	        return new Activity(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.time = source["time"];
	        this.agent = source["agent"];
	        this.tool = source["tool"];
	        this.target = source["target"];
	        this.command = source["command"];
	        this.root = source["root"];
	        this.decision = source["decision"];
	        this.ok = source["ok"];
	        this.result = source["result"];
	    }
	}
	export class Snippet {
	    agent: string;
	    where: string;
	    text: string;
	
	    static createFrom(source: any = {}) {
	        return new Snippet(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.agent = source["agent"];
	        this.where = source["where"];
	        this.text = source["text"];
	    }
	}

}

export namespace metrics {
	
	export class Point {
	    t: number;
	    cpu: number;
	    rss: number;
	
	    static createFrom(source: any = {}) {
	        return new Point(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.t = source["t"];
	        this.cpu = source["cpu"];
	        this.rss = source["rss"];
	    }
	}

}

export namespace process {
	
	export class RunEnd {
	    status: string;
	    exitCode: number;
	    endedAt: number;
	    err: string;
	
	    static createFrom(source: any = {}) {
	        return new RunEnd(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.status = source["status"];
	        this.exitCode = source["exitCode"];
	        this.endedAt = source["endedAt"];
	        this.err = source["err"];
	    }
	}
	export class PortConflict {
	    port: number;
	    pid: number;
	    name: string;
	    procId?: string;
	
	    static createFrom(source: any = {}) {
	        return new PortConflict(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.port = source["port"];
	        this.pid = source["pid"];
	        this.name = source["name"];
	        this.procId = source["procId"];
	    }
	}
	export class State {
	    id: string;
	    scriptId: string;
	    name: string;
	    source: string;
	    command: string;
	    dir: string;
	    tty: boolean;
	    status: string;
	    pid: number;
	    startedAt: number;
	    endedAt: number;
	    exitCode: number;
	    err: string;
	    restarts: number;
	    urls: string[];
	    links?: string[];
	    ports?: number[];
	    // Go type: PortConflict
	    conflict?: any;
	    envChanged?: string;
	    ready?: boolean;
	    readyNote?: string;
	    detail?: string;
	    prompt?: string;
	    nextStart?: number;
	    // Go type: RunEnd
	    last?: any;
	    version: number;
	    cpu: number;
	    rss: number;
	
	    static createFrom(source: any = {}) {
	        return new State(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.scriptId = source["scriptId"];
	        this.name = source["name"];
	        this.source = source["source"];
	        this.command = source["command"];
	        this.dir = source["dir"];
	        this.tty = source["tty"];
	        this.status = source["status"];
	        this.pid = source["pid"];
	        this.startedAt = source["startedAt"];
	        this.endedAt = source["endedAt"];
	        this.exitCode = source["exitCode"];
	        this.err = source["err"];
	        this.restarts = source["restarts"];
	        this.urls = source["urls"];
	        this.links = source["links"];
	        this.ports = source["ports"];
	        this.conflict = this.convertValues(source["conflict"], null);
	        this.envChanged = source["envChanged"];
	        this.ready = source["ready"];
	        this.readyNote = source["readyNote"];
	        this.detail = source["detail"];
	        this.prompt = source["prompt"];
	        this.nextStart = source["nextStart"];
	        this.last = this.convertValues(source["last"], null);
	        this.version = source["version"];
	        this.cpu = source["cpu"];
	        this.rss = source["rss"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace scan {
	
	export class Progress {
	    dir: string;
	    examined: number;
	    active: boolean;
	    error?: errcode.Failure;
	
	    static createFrom(source: any = {}) {
	        return new Progress(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.dir = source["dir"];
	        this.examined = source["examined"];
	        this.active = source["active"];
	        this.error = this.convertValues(source["error"], errcode.Failure);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace session {
	
	export class AutostartMember {
	    scriptId: string;
	    name: string;
	    source: string;
	    command: string;
	    dir: string;
	    envFiles: string[];
	    env?: {[key: string]: string};
	
	    static createFrom(source: any = {}) {
	        return new AutostartMember(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.scriptId = source["scriptId"];
	        this.name = source["name"];
	        this.source = source["source"];
	        this.command = source["command"];
	        this.dir = source["dir"];
	        this.envFiles = source["envFiles"];
	        this.env = source["env"];
	    }
	}
	export class AutostartPlan {
	    group: string;
	    members: AutostartMember[];
	    digest: string;
	
	    static createFrom(source: any = {}) {
	        return new AutostartPlan(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.group = source["group"];
	        this.members = this.convertValues(source["members"], AutostartMember);
	        this.digest = source["digest"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Dependency {
	    id: string;
	    ref: string;
	    name: string;
	    condition: string;
	    pattern?: string;
	
	    static createFrom(source: any = {}) {
	        return new Dependency(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.ref = source["ref"];
	        this.name = source["name"];
	        this.condition = source["condition"];
	        this.pattern = source["pattern"];
	    }
	}
	export class Group {
	    name: string;
	    description: string;
	    members: string[];
	    running: number;
	    autostart: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Group(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.description = source["description"];
	        this.members = source["members"];
	        this.running = source["running"];
	        this.autostart = source["autostart"];
	    }
	}
	export class View {
	    root: string;
	    name: string;
	    serial: number;
	    revision: number;
	    groups: discover.Group[];
	    problems: discover.Problem[];
	    favourites: string[];
	
	    static createFrom(source: any = {}) {
	        return new View(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.root = source["root"];
	        this.name = source["name"];
	        this.serial = source["serial"];
	        this.revision = source["revision"];
	        this.groups = this.convertValues(source["groups"], discover.Group);
	        this.problems = this.convertValues(source["problems"], discover.Problem);
	        this.favourites = source["favourites"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace watchdog {
	
	export class Leftover {
	    pgid: number;
	    members: number;
	    command: string;
	
	    static createFrom(source: any = {}) {
	        return new Leftover(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.pgid = source["pgid"];
	        this.members = source["members"];
	        this.command = source["command"];
	    }
	}

}

export namespace workspace {
	
	export class Summary {
	    root: string;
	    name: string;
	    active: boolean;
	    running: number;
	    failed: number;
	    total: number;
	
	    static createFrom(source: any = {}) {
	        return new Summary(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.root = source["root"];
	        this.name = source["name"];
	        this.active = source["active"];
	        this.running = source["running"];
	        this.failed = source["failed"];
	        this.total = source["total"];
	    }
	}

}

