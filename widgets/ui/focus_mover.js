// FocusMover: after the kernel puts new content on the page (the next scenario), bring its
// heading into view and move the keyboard focus to it, so a learner who pressed "Next" is
// where the new content starts, not left on a button that has scrolled away.
export default {
  render({ model, el }) {
    el.hidden = true;
    model.on("msg:custom", (message) => {
      if (!message || message.do !== "focus" || typeof message.id !== "string") { return; }
      const started = performance.now();
      const look = () => {
        const target = document.getElementById(message.id);
        if (target) {
          if (!target.hasAttribute("tabindex")) { target.setAttribute("tabindex", "-1"); }
          target.scrollIntoView({ block: "start" });
          target.focus({ preventScroll: true });
        } else if (performance.now() - started < 5000) {
          requestAnimationFrame(look);
        }
      };
      look();
    });
  },
};
