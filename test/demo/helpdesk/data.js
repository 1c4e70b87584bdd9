// Demo conversations for the bundled helpdesk. Each mirrors a case Recount must handle. Times are relative
// to "now" so the demo always looks recent. `fin` is the sidebar's "Fin AI Agent resolution state" value as
// Intercom shows it (both API-version vocabularies appear); null means Fin never took part.
const H = 3600e3;
const c = (author, text, minutesAfterStart, name) => ({ author, text, m: minutesAfterStart, name });
window.DEMO_CONVERSATIONS = [
  { id: '215467891234501', customer: 'Maya Lopez', state: 'Closed', fin: 'Assumed Resolution', ago: 3 * H, parts: [
    c('user', 'Hi, how do I change the billing email on my account?', 0),
    c('fin', 'You can change it under Settings › Billing › Billing contact. Only workspace owners can edit it.', 0.2),
    c('fin', 'Did that answer your question?', 0.3) ] },
  { id: '215467891234502', customer: 'Jonas Weber', state: 'Closed', fin: 'Confirmed Resolution', ago: 4 * H, parts: [
    c('user', "My invoice PDF won't download, it just spins.", 0),
    c('fin', 'Please try Billing › Invoices in a private window; a blocked pop-up often stops the download.', 0.2),
    c('user', 'That worked, thanks!', 3) ] },
  { id: '215467891234503', customer: 'Sam Carter', state: 'Open', fin: 'Routed to team', ago: 5 * H, parts: [
    c('user', 'I was charged twice this month.', 0),
    c('fin', "I'm sorry about that. I'll pass you to our billing team.", 0.2),
    c('admin', 'Hi Sam, I can see the duplicate charge — refund issued, 3–5 business days.', 22, 'Alex Kim') ] },
  { id: '215467891234504', customer: 'Aiko Tanaka', state: 'Closed', fin: 'assumed_resolution', ago: 6 * H, parts: [
    c('user', 'Can I export my contacts to CSV?', 0),
    c('fin', 'Yes: Contacts › select all › Export › CSV. The file arrives by email within a few minutes.', 0.3),
    c('user', "I did that an hour ago and nothing arrived. Where is it?", 70) ] },
  { id: '215467891234505', customer: 'Noah Schmidt', state: 'Closed', fin: 'Assumed Resolution', ago: 7 * H, parts: [
    c('user', 'The mobile app logs me out every time I close it', 0),
    c('fin', 'Turn on "Stay signed in" under Profile › Security, then sign in once more.', 0.2),
    c('user', 'There is no such option. This is useless, I want to talk to a human', 5) ] },
  { id: '215467891234506', customer: 'Fatima Zahra', state: 'Closed', fin: 'Procedure handoff', ago: 8 * H, parts: [
    c('user', 'I need to update the VAT number on my company account.', 0),
    c('fin', 'I can start that for you. Please confirm the new VAT number.', 0.2),
    c('user', 'DE813245678', 1),
    c('fin', "Thanks — I've handed this to our finance team with your VAT number; they'll confirm by email.", 1.2) ] },
  { id: '215467891234507', customer: 'Liam O’Brien', state: 'Closed', fin: 'Escalated', ago: 9 * H, parts: [
    c('user', 'Your API returns 500 on every webhook since this morning', 0),
    c('fin', 'Let me connect you with our engineering support team.', 0.2),
    c('admin', 'Thanks Liam, we had an incident; fixed as of 10:40 UTC.', 45, 'Priya Natarajan') ] },
  { id: '215467891234508', customer: 'Emma Rossi', state: 'Closed', fin: 'Assumed Resolution', ago: 26 * H, parts: [
    c('user', 'hi', 0),
    c('fin', 'Hi Emma 👋 How can I help today?', 0.1) ] },
  { id: '215467891234509', customer: 'Lucas Martin', state: 'Closed', fin: 'Confirmed Resolution', ago: 27 * H, parts: [
    c('user', 'How do I add a teammate to my workspace?', 0),
    c('fin', 'Go to Settings › Teammates › Invite, enter their email and pick a role.', 0.2),
    c('user', 'Perfect, got it', 2) ] },
  { id: '215467891234510', customer: 'Olivia Brown', state: 'Open', fin: 'Abandoned', ago: 28 * H, parts: [
    c('user', 'Which plan includes SSO?', 0),
    c('fin', 'SSO is part of the Enterprise plan. Would you like a comparison of plans?', 0.2) ] },
  { id: '215467891234511', customer: 'Mateo García', state: 'Closed', fin: 'assumed_resolution', ago: 29 * H, parts: [
    c('user', 'Is there a dark mode?', 0),
    c('fin', 'Yes — Profile › Appearance › Dark.', 0.1) ] },
  { id: '215467891234512', customer: 'Chloé Dubois', state: 'Closed', fin: 'Assumed Resolution', ago: 30 * H, parts: [
    c('user', 'My discount code SPRING25 is rejected at checkout', 0),
    c('fin', 'Discount codes apply to annual plans only. Switch to annual billing and try again.', 0.3),
    c('admin', "Chloé, I've applied the discount manually — the code was misconfigured on our side.", 40, 'Alex Kim'),
    c('user', 'thanks!', 41) ] },
  { id: '215467891234513', customer: 'Ethan Clark', state: 'Snoozed', fin: null, ago: 31 * H, parts: [
    c('user', 'Can you call me back tomorrow about the renewal?', 0),
    c('admin', 'Sure, booked for 10:00 your time.', 12, 'Priya Natarajan') ] },
  { id: '215467891234514', customer: 'Sofia Almeida', state: 'Closed', fin: 'Confirmed Resolution', ago: 50 * H, parts: [
    c('user', 'How do I reset my password?', 0),
    c('fin', 'Use "Forgot password" on the sign-in page; the link is valid for 30 minutes.', 0.1),
    c('user', 'thanks, that did it', 4) ] },
  { id: '215467891234515', customer: 'Daniel Kowalski', state: 'Closed', fin: 'Assumed Resolution', ago: 51 * H, parts: [
    c('user', 'Orders page shows yesterday’s orders twice', 0),
    c('fin', 'Clearing your browser cache usually fixes duplicated lists. Try Ctrl+Shift+R.', 0.2),
    c('user', "Still broken after clearing the cache.", 9) ] },
  { id: '215467891234516', customer: 'Grace Lee', state: 'Closed', fin: 'negative_feedback', ago: 52 * H, parts: [
    c('user', 'Why was my account suspended?', 0),
    c('fin', 'Accounts are suspended after three failed payments.', 0.2),
    c('user', 'That is wrong, my payments all went through', 1) ] },
  { id: '215467891234517', customer: 'Hugo Lefèvre', state: 'Closed', fin: 'Assumed Resolution', ago: 53 * H, parts: [
    c('user', 'Where can I download the Windows app?', 0),
    c('fin', 'Download it from Settings › Apps › Desktop, or from our website’s download page.', 0.1),
    c('fin', 'Is there anything else I can help with?', 0.2) ] },
  { id: '215467891234518', customer: 'Isabella Rossi', state: 'Closed', fin: 'procedure_handoff', ago: 54 * H, parts: [
    c('user', 'Please cancel my subscription at the end of this term', 0),
    c('fin', 'I have scheduled the cancellation for the end of your term and sent a confirmation email.', 0.4) ] },
  { id: '215467891234519', customer: 'Omar Haddad', state: 'Closed', fin: 'Assumed Resolution', ago: 74 * H, parts: [
    c('user', 'The integration with Slack stopped posting messages', 0),
    c('fin', 'Reconnect Slack under Integrations › Slack › Reconnect; tokens expire after 90 days.', 0.2),
    c('user', 'ok', 6) ] },
  { id: '215467891234520', customer: 'Mia Johansson', state: 'Closed', fin: 'Confirmed Resolution', ago: 75 * H, parts: [
    c('user', 'Can I change the currency of my invoices?', 0),
    c('fin', 'Yes, Billing › Currency; it applies from the next invoice.', 0.2),
    c('user', 'Great, thank you!', 1) ] },
  { id: '215467891234521', customer: 'Arjun Mehta', state: 'Open', fin: 'routed_to_team', ago: 76 * H, parts: [
    c('user', 'I need a signed DPA for our legal team', 0),
    c('fin', 'I will route you to our legal team.', 0.1) ] },
  { id: '215467891234522', customer: 'Zoe Williams', state: 'Closed', fin: 'Assumed Resolution', ago: 77 * H, parts: [
    c('user', 'test', 0),
    c('fin', 'Hi! How can I help today?', 0.1) ] },
  { id: '215467891234523', customer: 'Ben Carter', state: 'Closed', fin: 'Assumed Resolution', ago: 98 * H, parts: [
    c('user', 'How do I turn off email notifications?', 0),
    c('fin', 'Profile › Notifications › Email, then untick the ones you do not want.', 0.1),
    c('user', 'Can I do that for my whole team at once?', 2) ] },
  // A hostile transcript: markup, event handlers, a javascript: link, an RTL override and a 1 MB message.
  // The demo renders it as text, as a careful helpdesk would; Recount must too, and stay usable.
  { id: '215467891234525', customer: '<img src=x onerror="window.__pwned=1">Eve', state: 'Closed', fin: 'Assumed Resolution', ago: 100 * H, parts: [
    c('user', '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><b>bold?</b>', 0),
    c('fin', '<a href="javascript:window.__pwned=3">Click here to fix it</a> \u202Egnp.exe', 0.1),
    c('user', 'A'.repeat(1024 * 1024), 0.5) ] },
  { id: '215467891234524', customer: 'Nora Fischer', state: 'Closed', fin: 'Confirmed Resolution', ago: 99 * H, parts: [
    c('user', 'Does the Pro plan include phone support?', 0),
    c('fin', 'Pro includes email and chat support; phone support comes with Enterprise.', 0.2),
    c('user', 'ok thanks, that answers it', 1) ] },
];
