import { subgraphCodegen } from '../../codegen.preset';

export default subgraphCodegen({ User: '@commerce/db/users#User' });
