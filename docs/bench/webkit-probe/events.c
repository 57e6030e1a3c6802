// Does Wails' way of delivering events grow WebKit's memory? A blank page
// gets a webkit_web_view_run_javascript call every INTERVAL ms with a
// unique script of PAYLOAD bytes that JSON-parses its argument, as Wails'
// EventsNotify does. argv: interval_ms payload_bytes mode (0: the calls,
// 1: no calls, the baseline). Build and run:
//   gcc -o events events.c $(pkg-config --cflags --libs gtk+-3.0 webkit2gtk-4.1)
//   xvfb-run -a ./events 33 4000 0
// and read the PSS of this process and its WebKitWebProcess every 30 s.
#include <gtk/gtk.h>
#include <webkit2/webkit2.h>
#include <stdlib.h>
#include <string.h>
static WebKitWebView *wv; static int payload; static long n;
static gboolean tick(gpointer d) {
  GString *s = g_string_new("window.notifyx('{\"n\":");
  g_string_append_printf(s, "%ld,\"d\":\"", n++);
  while ((int)s->len < payload) g_string_append(s, "line 12345 of a steady stream ");
  g_string_append(s, "\"}');");
  webkit_web_view_run_javascript(wv, s->str, NULL, NULL, NULL);
  g_string_free(s, TRUE);
  return TRUE;
}
int main(int argc, char **argv) {
  gtk_init(&argc, &argv);
  int interval = atoi(argv[1]); payload = atoi(argv[2]); int mode = atoi(argv[3]);
  GtkWidget *w = gtk_window_new(GTK_WINDOW_TOPLEVEL);
  gtk_window_set_default_size(GTK_WINDOW(w), 800, 600);
  wv = WEBKIT_WEB_VIEW(webkit_web_view_new());
  gtk_container_add(GTK_CONTAINER(w), GTK_WIDGET(wv));
  webkit_web_view_load_html(wv, "<html><body><div id=c>0</div><script>let k=0;window.notifyx=(s)=>{const o=JSON.parse(s);k+=o.d.length;if(o.n%30==0)document.getElementById('c').textContent=o.n+' '+k}</script></body></html>", "http://localhost/");
  gtk_widget_show_all(w);
  if (mode == 0) g_timeout_add(interval, tick, NULL);
  gtk_main();
}
