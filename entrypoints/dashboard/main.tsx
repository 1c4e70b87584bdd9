import { render } from 'preact';
import { Dashboard } from '../../components/dashboard/Dashboard';
import { RecountDB } from '../../utils/store/db';

// Extension pages share the extension's origin, so the dashboard reads the same database directly
// (live queries follow the background's commits); every write still goes through the background.
render(<Dashboard db={new RecountDB()} />, document.getElementById('app')!);
