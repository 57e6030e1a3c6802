//go:build linux && (desktop || dev) && !bindings

package main

/*
#cgo linux pkg-config: gtk+-3.0
#cgo !webkit2_41 pkg-config: webkit2gtk-4.0
#cgo webkit2_41 pkg-config: webkit2gtk-4.1

#include <gtk/gtk.h>
#include <webkit2/webkit2.h>

extern int humAllowWebURI(char *uri, int userClick);

// Wails' own handler of the bridge's messages (bound calls, events), found
// once; 0 until then. Only touched on the GTK main thread.
static gulong hum_bridge_handler = 0;
static gboolean hum_bridge_blocked = FALSE;

// Refuses every navigation and new window whose URI is not Hum's own page:
// a dropped link, a link that escaped the frontend, a script's
// window.location or window.open. Responses (downloads, MIME types) are
// left to WebKit.
static gboolean hum_decide_policy(WebKitWebView *view, WebKitPolicyDecision *decision,
                                  WebKitPolicyDecisionType type, gpointer data)
{
    if (type != WEBKIT_POLICY_DECISION_TYPE_NAVIGATION_ACTION &&
        type != WEBKIT_POLICY_DECISION_TYPE_NEW_WINDOW_ACTION)
        return FALSE;
    WebKitNavigationAction *action =
        webkit_navigation_policy_decision_get_navigation_action(WEBKIT_NAVIGATION_POLICY_DECISION(decision));
    WebKitURIRequest *request = webkit_navigation_action_get_request(action);
    const gchar *uri = webkit_uri_request_get_uri(request);
    int click = webkit_navigation_action_get_navigation_type(action) == WEBKIT_NAVIGATION_TYPE_LINK_CLICKED &&
                webkit_navigation_action_is_user_gesture(action);
    if (uri != NULL && humAllowWebURI((char *)uri, click))
        return FALSE;
    webkit_policy_decision_ignore(decision);
    return TRUE;
}

// Keeps Wails' bridge handler blocked while the view shows anything but
// Hum's page, so a foreign page that got in anyway cannot call bound methods.
static void hum_uri_changed(WebKitWebView *view, GParamSpec *pspec, gpointer data)
{
    WebKitUserContentManager *cm = webkit_web_view_get_user_content_manager(view);
    const gchar *uri = webkit_web_view_get_uri(view);
    gboolean ours = uri != NULL && humAllowWebURI((char *)uri, 0);
    if (hum_bridge_handler == 0 || cm == NULL)
        return;
    if (!ours && !hum_bridge_blocked) {
        g_signal_handler_block(cm, hum_bridge_handler);
        hum_bridge_blocked = TRUE;
    } else if (ours && hum_bridge_blocked) {
        g_signal_handler_unblock(cm, hum_bridge_handler);
        hum_bridge_blocked = FALSE;
    }
}

static WebKitWebView *hum_find_view(GtkWidget *w)
{
    if (WEBKIT_IS_WEB_VIEW(w))
        return WEBKIT_WEB_VIEW(w);
    if (!GTK_IS_CONTAINER(w))
        return NULL;
    WebKitWebView *found = NULL;
    GList *children = gtk_container_get_children(GTK_CONTAINER(w));
    for (GList *l = children; l != NULL && found == NULL; l = l->next)
        found = hum_find_view(GTK_WIDGET(l->data));
    g_list_free(children);
    return found;
}

static int hum_tries = 0;

// Runs on the GTK main thread until Wails' window and webview exist (they
// do by the time its main loop runs; the retry is for safety), then
// connects the guards once.
static gboolean hum_install(gpointer data)
{
    WebKitWebView *view = NULL;
    GList *tops = gtk_window_list_toplevels();
    for (GList *l = tops; l != NULL && view == NULL; l = l->next)
        view = hum_find_view(GTK_WIDGET(l->data));
    g_list_free(tops);
    if (view == NULL)
        return ++hum_tries < 200 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
    g_signal_connect(view, "decide-policy", G_CALLBACK(hum_decide_policy), NULL);
    WebKitUserContentManager *cm = webkit_web_view_get_user_content_manager(view);
    if (cm != NULL) {
        guint id = g_signal_lookup("script-message-received", G_OBJECT_TYPE(cm));
        hum_bridge_handler = g_signal_handler_find(cm, G_SIGNAL_MATCH_ID | G_SIGNAL_MATCH_DETAIL, id,
                                                   g_quark_from_string("external"), NULL, NULL, NULL);
    }
    g_signal_connect(view, "notify::uri", G_CALLBACK(hum_uri_changed), NULL);
    hum_uri_changed(view, NULL, NULL);
    return G_SOURCE_REMOVE;
}

static void hum_guard_webview(void)
{
    g_timeout_add(50, hum_install, NULL);
}
*/
import "C"

import "log"

// guardOpen opens in the browser what a refused link click pointed at;
// written once by guardWebView before the guard is installed.
var guardOpen func(string) error

// guardWebView connects the web guard to Wails' webview on the GTK main
// thread: WebKitGTK's decide-policy refuses navigations away from Hum's
// page, and the bridge is blocked while anything else is shown. Wails v2
// has neither hook, so we reach the view through GTK's toplevel windows.
// Call it once the window exists (OnStartup).
func guardWebView(open func(string) error) {
	guardOpen = open
	C.hum_guard_webview()
}

//export humAllowWebURI
func humAllowWebURI(uri *C.char, userClick C.int) C.int {
	s := C.GoString(uri)
	if allowedWebURI(s) {
		return 1
	}
	if u, ok := browserURL(s); ok && userClick != 0 && guardOpen != nil {
		go func() {
			if err := guardOpen(u); err != nil {
				log.Printf("hum: opening %s in the browser: %v", u, err)
			}
		}()
	}
	return 0
}
